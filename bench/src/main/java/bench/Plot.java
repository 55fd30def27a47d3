package bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reply latency over send time as a PNG: one dot per message, coloured by the bot that answered,
 * on a logarithmic latency axis so 60 ms and 30 s fit one picture; unanswered messages sit on the
 * top edge in black; a dashed line marks the moment the fault was switched on.
 */
final class Plot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Map<String, Color> COLOURS = Map.of(
            "gemini", new Color(0x1f77b4),
            "openrouter", new Color(0xff7f0e),
            "huggingface", new Color(0x2ca02c),
            "maintenance", new Color(0xd62728),
            "other", new Color(0x9467bd));

    private Plot() {
    }

    static void write(Path file, String scenario, long start, long faultAt,
            List<Report.Sent> messages) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        long end = messages.stream().mapToLong(m -> m.sentAt).max().orElse(start + 1000);
        double spanSeconds = Math.max(1, (end - start) / 1000.0);
        double maxLatency = messages.stream().filter(m -> !m.replyAt.isEmpty())
                .mapToLong(m -> m.replyAt.get(0) - m.sentAt).max().orElse(1000);
        double lowLog = 1;
        double highLog = Math.max(3, Math.ceil(Math.log10(Math.max(10, maxLatency))));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setColor(new Color(0xdddddd));
        for (int decade = (int) lowLog; decade <= highLog; decade++) {
            int y = TOP + (int) ((highLog - decade) / (highLog - lowLog) * plotHeight);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            label(g, Color.DARK_GRAY, formatMs(Math.pow(10, decade)), 8, y + 4);
        }
        for (int s = 0; s <= spanSeconds; s += 10) {
            int x = LEFT + (int) (s / spanSeconds * plotWidth);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            label(g, Color.DARK_GRAY, s + " s", x - 10, TOP + plotHeight + 18);
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);

        if (faultAt > 0) {
            int x = LEFT + (int) ((faultAt - start) / 1000.0 / spanSeconds * plotWidth);
            g.setColor(Color.RED);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setStroke(new BasicStroke(1));
            label(g, Color.RED, "fault on", x + 4, TOP + 14);
        }
        for (Report.Sent m : messages) {
            int x = LEFT + (int) ((m.sentAt - start) / 1000.0 / spanSeconds * plotWidth);
            if (m.replyAt.isEmpty()) {
                g.setColor(Color.BLACK);
                g.drawLine(x - 3, TOP - 3, x + 3, TOP + 3);
                g.drawLine(x - 3, TOP + 3, x + 3, TOP - 3);
                continue;
            }
            double latency = Math.max(10, m.replyAt.get(0) - m.sentAt);
            int y = TOP + (int) ((highLog - Math.log10(latency)) / (highLog - lowLog) * plotHeight);
            g.setColor(COLOURS.getOrDefault(m.bot, Color.GRAY));
            g.fillOval(x - 2, y - 2, 5, 5);
        }

        label(g, Color.BLACK, "reply latency (webhook POST to Graph stand-in), scenario "
                + scenario + "; x: send time since start of measurement", LEFT, 24);
        int legendY = TOP + 10;
        for (String bot : List.of("gemini", "openrouter", "huggingface", "maintenance")) {
            g.setColor(COLOURS.get(bot));
            g.fillOval(WIDTH - RIGHT + 15, legendY - 6, 8, 8);
            label(g, Color.BLACK, bot, WIDTH - RIGHT + 30, legendY + 2);
            legendY += 20;
        }
        label(g, Color.BLACK, "x on top: unanswered", WIDTH - RIGHT + 15, legendY + 2);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String formatMs(double ms) {
        return ms >= 1000 ? Math.round(ms / 1000) + " s" : Math.round(ms) + " ms";
    }

    /** Text needs a font; a machine without fontconfig still gets the dots. */
    private static void label(Graphics2D g, Color colour, String text, int x, int y) {
        try {
            g.setColor(colour);
            g.drawString(text, x, y);
        } catch (RuntimeException | Error e) {
            // no font on this machine
        }
    }
}
