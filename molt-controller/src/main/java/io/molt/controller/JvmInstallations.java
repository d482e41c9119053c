package io.molt.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JVMs installed on this machine: the one running the controller, and every JDK
 * under {@code /usr/lib/jvm} (Debian's layout, where Temurin's packages go as well). Each
 * installation is counted once however many symbolic links point at it.
 */
public final class JvmInstallations {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Pattern IMPLEMENTOR = Pattern.compile("^IMPLEMENTOR=\"([^\"]*)\"", Pattern.MULTILINE);

    private JvmInstallations() {}

    /** The running JVM first, then the others found under {@code roots}, by name. */
    public static List<Variant.Jvm> discover(List<Path> roots) {
        Map<Path, Variant.Jvm> found = new LinkedHashMap<>();
        Path current = Path.of(System.getProperty("java.home"));
        describe(current).ifPresent(j -> found.put(realPath(j.javaBinary()), j));
        List<Variant.Jvm> others = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(root)) {
                homes.sorted().forEach(home -> describe(home).ifPresent(others::add));
            } catch (IOException e) {
                // an unreadable directory has no JVMs for us
            }
        }
        others.sort(Comparator.comparing(Variant.Jvm::name));
        for (Variant.Jvm j : others) {
            found.putIfAbsent(realPath(j.javaBinary()), j);
        }
        return List.copyOf(found.values());
    }

    /** The JVMs on this machine, looking in the usual places. */
    public static List<Variant.Jvm> discover() {
        return discover(List.of(Path.of("/usr/lib/jvm")));
    }

    /** The JVM in {@code home}, if it has a {@code bin/java} and a readable {@code release} file. */
    static Optional<Variant.Jvm> describe(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(release, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher v = VERSION.matcher(text);
        if (!v.find()) {
            return Optional.empty();
        }
        int feature = Integer.parseInt(v.group(1));
        Matcher i = IMPLEMENTOR.matcher(text);
        String vendor = i.find() ? vendorName(i.group(1)) : "java";
        return Optional.of(new Variant.Jvm(vendor + "-" + feature, java, feature));
    }

    private static String vendorName(String implementor) {
        String lower = implementor.toLowerCase(Locale.ROOT);
        if (lower.contains("adoptium") || lower.contains("temurin")) {
            return "temurin";
        }
        if (lower.contains("oracle") && !lower.contains("openjdk")) {
            return "oracle";
        }
        return lower.isBlank() ? "java" : "openjdk";
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
