package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/** The web page's files: every one is served by its name, nothing else is, and every file the page loads is there. */
public class WebPageTest {

    private static final Pattern LOADS = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"|from '\\./([^']+)'");

    private static List<String> files() throws Exception {
        URL index = WebPage.class.getResource(WebPage.FOLDER + WebPage.INDEX);
        assertNotNull("the bundle lacks " + WebPage.FOLDER + WebPage.INDEX, index);
        try (Stream<Path> files = Files.list(Path.of(index.toURI()).getParent())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void everyFileOfTheFolderIsServedByItsNameAndTheRootServesTheIndex() throws Exception {
        List<String> files = files();
        assertTrue(files.toString(), files.containsAll(List.of("index.html", "app.js", "app.css", "api.js")));
        for (String file : files) {
            assertEquals(file, WebPage.file("/" + file));
        }
        assertEquals(WebPage.INDEX, WebPage.file("/"));
    }

    @Test
    public void noPathLeavesTheFolder() {
        for (String path : new String[] {null, "", "/../openapi.json", "/..", "/web/app.js", "/a/../app.js",
                "/.hidden.js", "/app.js/", "/%2e%2e/app.js", "/app.js?x", "/App.JS", "/app.class", "/app.js\u0000"}) {
            assertNull(path, WebPage.file(path));
        }
    }

    @Test
    public void everyFileThePageLoadsIsServed() throws Exception {
        List<String> files = files();
        TreeSet<String> loaded = new TreeSet<>();
        for (String file : files) {
            if (!file.endsWith(".html") && !file.endsWith(".js")) {
                continue;
            }
            String text;
            try (InputStream in = WebPage.class.getResourceAsStream(WebPage.FOLDER + file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = LOADS.matcher(text);
            while (m.find()) {
                loaded.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        List<String> missing = new ArrayList<>(loaded);
        missing.removeAll(files);
        assertTrue("loaded: " + loaded, loaded.containsAll(List.of("app.css", "app.js", "api.js", "chart.js")));
        assertEquals("files the page loads that the folder lacks", List.of(), missing);
    }
}
