package io.jnnunet.training.internal;

import io.jnnunet.formats.TrainingHistory;

import io.jnnunet.formats.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * nnU-Net's {@code progress.png} ({@code nnUNetLogger.plot_progress_png}), drawn with JFreeChart into an image
 * without a display: three panels over the epochs, each with its legend above it, (1) training loss blue and
 * validation loss red on the left axis, pseudo Dice green dotted and its EMA green solid on the right axis, (2) epoch
 * duration in seconds from 0, (3) learning rate. nnU-Net draws 30×54 inches at 100 dpi; this draws the same proportions
 * at a third of the size, which takes a fraction of a second per epoch.
 */
final class ProgressPlot {

    static final int WIDTH = 1000;
    static final int HEIGHT = 1800;

    private static final Color BLUE = new Color(0x1f, 0x3f, 0xcf);
    private static final Color RED = new Color(0xd6, 0x27, 0x28);
    private static final Color GREEN = new Color(0x2c, 0xa0, 0x2c);
    private static final Color PANEL = new Color(0xea, 0xea, 0xf2);
    private static final Stroke SOLID = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DOTTED = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
            new float[] {1f, 6f}, 0f);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 20);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);

    private ProgressPlot() {
    }

    /** Draws the history and writes the PNG atomically. */
    static void write(Path file, TrainingHistory history) throws IOException {
        List<JFreeChart> panels = List.of(losses(history),
                panel("time [s]", true, new Line("epoch duration", history.epochDurations(), BLUE, SOLID)),
                panel("learning rate", false, new Line("learning rate", history.learningRates(), BLUE, SOLID)));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double height = (double) HEIGHT / panels.size();
            for (int p = 0; p < panels.size(); p++) {
                panels.get(p).draw(graphics, new Rectangle2D.Double(0, p * height, WIDTH, height));
            }
        } finally {
            graphics.dispose();
        }
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static JFreeChart losses(TrainingHistory history) {
        JFreeChart chart = panel("loss", false, new Line("loss_tr", history.trainLosses(), BLUE, SOLID),
                new Line("loss_val", history.valLosses(), RED, SOLID));
        XYPlot plot = chart.getXYPlot();
        Line[] dice = {new Line("pseudo dice", history.meanFgDice(), GREEN, DOTTED),
            new Line("pseudo dice (mov. avg.)", history.emaFgDice(), GREEN, SOLID)};
        plot.setRangeAxis(1, axis("pseudo dice", false));
        plot.setDataset(1, dataset(dice));
        plot.setRenderer(1, renderer(dice));
        plot.mapDatasetToRangeAxis(1, 1);
        return chart;
    }

    private record Line(String label, List<Double> values, Color color, Stroke stroke) {
    }

    private static JFreeChart panel(String label, boolean fromZero, Line... lines) {
        NumberAxis epochs = axis("epoch", false);
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberFormat integers = NumberFormat.getIntegerInstance(Locale.ROOT);
        integers.setGroupingUsed(false);
        epochs.setNumberFormatOverride(integers);
        XYPlot plot = new XYPlot(dataset(lines), epochs, axis(label, fromZero), renderer(lines));
        plot.setBackgroundPaint(PANEL);
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
        legend.setItemFont(LABEL_FONT);
        legend.setFrame(BlockBorder.NONE);
        return chart;
    }

    private static XYSeriesCollection dataset(Line... lines) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Line line : lines) {
            XYSeries series = new XYSeries(line.label(), false, true);
            for (int epoch = 0; epoch < line.values().size(); epoch++) {
                double value = line.values().get(epoch);
                // a NaN leaves a gap, as matplotlib draws it
                series.add(epoch, Double.isNaN(value) ? null : value);
            }
            dataset.addSeries(series);
        }
        return dataset;
    }

    private static XYLineAndShapeRenderer renderer(Line... lines) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int s = 0; s < lines.length; s++) {
            renderer.setSeriesPaint(s, lines[s].color());
            renderer.setSeriesStroke(s, lines[s].stroke());
        }
        return renderer;
    }

    private static NumberAxis axis(String label, boolean fromZero) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
        axis.setAutoRangeIncludesZero(fromZero);
        return axis;
    }
}
