package io.jnnunet.training.internal;

import io.jnnunet.formats.TrainingHistory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.TrainerSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProgressPlotTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void drawsTheHistoryAsAPngWithLossAndDiceLines() throws IOException {
        TrainingHistory history = new TrainingHistory();
        NnunetSgd sgd = new NnunetSgd(List.of(), TrainerSettings.defaults());
        for (int epoch = 0; epoch < 20; epoch++) {
            // the second class is absent in the first epochs: its NaN leaves the mean to the first
            double[] dice = {0.5 + epoch / 50.0, epoch < 3 ? Double.NaN : 0.3 + epoch / 40.0};
            history.add(sgd.polyLearningRate(epoch, 20), 10 * epoch, 10 * epoch + 9, -0.2 - epoch / 40.0,
                    -0.1 - epoch / 50.0, dice);
        }
        assertEquals(0.5, history.meanFgDice().get(0), 0);
        Path png = temp.getRoot().toPath().resolve("progress.png");
        ProgressPlot.write(png, history);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(ProgressPlot.WIDTH, image.getWidth());
        assertEquals(ProgressPlot.HEIGHT, image.getHeight());
        assertTrue(Files.size(png) > 20_000);
        assertTrue("validation loss drawn in red", pixels(image, 0xd62728) > 500);
        assertTrue("pseudo Dice drawn in green", pixels(image, 0x2ca02c) > 500);
        try (var files = Files.list(temp.getRoot().toPath())) {
            assertEquals("no temporary file left", 1, files.count());
        }
    }

    private static int pixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
