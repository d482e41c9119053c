package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputPlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngWithARunPerLine() throws Exception {
        Path file = ThroughputPlot.write(dir.resolve("plots/overhead.png"), "refresh overhead", List.of(
                new ThroughputPlot.Run("n=4, no refresh", List.of(100.0, 120.0, 110.0), List.of()),
                new ThroughputPlot.Run("n=6, refresh every 5 s", List.of(90.0, 60.0, 95.0), List.of(1.5)),
                new ThroughputPlot.Run("empty", List.of(), List.of())));

        assertThat(file).isEqualTo(dir.resolve("plots/overhead.png").toAbsolutePath()).isRegularFile();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(600);
    }
}
