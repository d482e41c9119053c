package io.molt.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the protocol core and the execution engine pure: no threads, locks, clocks,
 * randomness, sockets or files. Time arrives in events, so every run can be replayed.
 */
class CorePurityTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.molt.core.protocol", "io.molt.core.exec", "io.molt.core.state");
    }

    private static void check(ArchRule rule) {
        rule.check(core);
    }

    @Test
    void noThreadsOrLocks() {
        check(noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(Runnable.class)
                .because("one thread drives the core; concurrency lives in the runtime around it"));
    }

    @Test
    void noClocks() {
        check(noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.time..")
                .because("time arrives in Tick events"));
    }

    @Test
    void noRandomness() {
        check(noClasses().should().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.security.SecureRandom.class)
                .orShould().callMethod(Math.class, "random")
                .because("a run must be a function of its events"));
    }

    @Test
    void noNetworkOrFiles() {
        check(noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..",
                        "java.nio.file..", "io.netty..")
                .orShould().dependOnClassesThat().belongToAnyOf(java.io.File.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class, java.io.RandomAccessFile.class)
                .because("I/O happens at the edges, in the runtime"));
    }

    @Test
    void noLogging() {
        check(noClasses().should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.util.logging..")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("the core reports through Notice effects"));
    }
}
