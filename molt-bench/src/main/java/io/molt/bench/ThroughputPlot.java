package io.molt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of throughput over time, one line per run, with each swap of a run marked on its
 * line: how the benchmarks show what a refresh costs the service while it happens.
 */
public final class ThroughputPlot {

    /** One run: throughput per second since its start, and the seconds at which replicas were swapped. */
    public record Run(String name, List<Double> opsPerSecond, List<Double> swapSeconds) {
        public Run {
            opsPerSecond = List.copyOf(opsPerSecond);
            swapSeconds = List.copyOf(swapSeconds);
        }
    }

    private ThroughputPlot() {}

    /**
     * Writes the plot and records its path in {@code summary} as {@code plot}, or why it could
     * not be written as {@code plot_error}: a benchmark's figures outlive a failed drawing.
     */
    public static void writeInto(Map<String, Object> summary, Path file, String title, List<Run> runs) {
        try {
            summary.put("plot", write(file, title, runs).toString());
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // AWT without fonts or native libraries fails with errors, not exceptions.
            summary.put("plot_error", e.toString());
        }
    }

    /** Writes the plot to {@code file} (a .png), creating its directory. */
    public static Path write(Path file, String title, List<Run> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1200).height(600).title(title).xAxisTitle("time (s)")
                .yAxisTitle("operations per second").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (Run run : runs) {
            if (run.opsPerSecond().isEmpty()) {
                continue;
            }
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < run.opsPerSecond().size(); i++) {
                seconds.add(i + 1.0);
            }
            XYSeries line = chart.addSeries(run.name(), seconds, run.opsPerSecond());
            line.setMarker(SeriesMarkers.NONE);
            if (!run.swapSeconds().isEmpty()) {
                List<Double> marks = new ArrayList<>();
                for (double at : run.swapSeconds()) {
                    int i = Math.max(0, Math.min(run.opsPerSecond().size() - 1, (int) Math.round(at) - 1));
                    marks.add(run.opsPerSecond().get(i));
                }
                XYSeries swaps = chart.addSeries(run.name() + ": swaps", run.swapSeconds(), marks);
                swaps.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                swaps.setMarker(SeriesMarkers.DIAMOND);
            }
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        String name = absolute.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
        return absolute.toString().endsWith(".png") ? absolute : Path.of(name + ".png");
    }
}
