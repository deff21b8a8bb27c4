package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.server.internal.GeoJson.DetectionClass;
import io.jnnunet.server.internal.InstancePolygons.Instance;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class GeoJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DetectionClass CELL = new DetectionClass("cell", 255, 0, 0);

    private final GeoJson geoJson = new GeoJson();

    @Test
    public void anEmptyMaskIsAnEmptyFeatureCollection() throws IOException {
        assertEquals("{\"type\":\"FeatureCollection\",\"features\":[]}",
                write(InstancePolygonsTest.trace("...", "..."), CELL));
    }

    @Test
    public void featuresCarryTheGeometryAndTheKeysQuPathReads() throws IOException {
        List<Instance> instances = InstancePolygonsTest.trace(
                "111.2",
                "1.1.2",
                "111.2",
                "....2",
                "2....");

        JsonNode collection = JSON.readTree(write(instances, CELL));

        assertEquals("FeatureCollection", collection.get("type").asText());
        JsonNode features = collection.get("features");
        assertEquals(2, features.size());

        JsonNode one = features.get(0);
        assertEquals("Feature", one.get("type").asText());
        assertEquals(1, one.get("id").asInt());
        assertEquals("Polygon", one.at("/geometry/type").asText());
        assertEquals(JSON.readTree("[[[0,0],[3,0],[3,3],[0,3],[0,0]],[[1,2],[2,2],[2,1],[1,1],[1,2]]]"),
                one.at("/geometry/coordinates"));
        JsonNode properties = one.get("properties");
        assertEquals("detection", properties.get("objectType").asText());
        assertEquals("1", properties.get("name").asText());
        assertEquals(JSON.readTree("{\"name\":\"cell\",\"color\":[255,0,0]}"), properties.get("classification"));
        assertEquals(1, properties.get("id").asInt());
        assertEquals(8, properties.get("area").asLong());
        assertEquals(1.0, properties.get("mean_intensity").asDouble(), 0);
        assertEquals(JSON.readTree("[1.5,1.5]"), properties.get("centroid"));
        assertEquals(JSON.readTree("{\"area\":8,\"mean_intensity\":1.0,\"centroid_x\":1.5,\"centroid_y\":1.5}"),
                properties.get("measurements"));

        JsonNode two = features.get(1);
        assertEquals("MultiPolygon", two.at("/geometry/type").asText());
        assertEquals(JSON.readTree("[[[[4,0],[5,0],[5,4],[4,4],[4,0]]],[[[0,4],[1,4],[1,5],[0,5],[0,4]]]]"),
                two.at("/geometry/coordinates"));
        assertEquals(5, two.at("/properties/area").asLong());
    }

    @Test
    public void withoutAClassThereIsNoClassification() throws IOException {
        JsonNode feature = JSON.readTree(write(InstancePolygonsTest.trace("1"), null)).at("/features/0");

        assertFalse(feature.get("properties").has("classification"));
        assertEquals("detection", feature.at("/properties/objectType").asText());
    }

    @Test
    public void writesIntoTheStreamWithoutClosingIt() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FilterOutputStream out = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        geoJson.write(InstancePolygonsTest.trace("1"), CELL, out);

        assertFalse(closed[0]);
        assertTrue(bytes.size() > 0);
    }

    @Test
    public void aRealMaskRoundTripsThroughTheGeoJsonToExactlyItsPixels() throws IOException {
        ImageVolume mask = Outlines.read(Outlines.SAMPLE.resolve("labelsTs_instances/BBBC039_101.png"));
        ImageVolume image = Outlines.read(Outlines.SAMPLE.resolve("imagesTs/BBBC039_101_0000.png"));
        int height = mask.shape()[1];
        int width = mask.shape()[2];
        List<Instance> instances = InstancePolygons.trace(mask, image);
        for (int i = 0; i < 20; i++) {
            geoJson.write(instances, CELL, new ByteArrayOutputStream());
        }
        long start = System.nanoTime();
        String text = write(instances, CELL);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("GeoJson: %d features, %d bytes written in %.2f ms%n", instances.size(), text.length(), ms);

        JsonNode features = JSON.readTree(text).get("features");

        assertEquals(instances.size(), features.size());
        Map<Integer, List<int[]>> ringsByLabel = new HashMap<>();
        for (JsonNode feature : features) {
            JsonNode geometry = feature.get("geometry");
            JsonNode polygons = geometry.get("type").asText().equals("Polygon")
                    ? JSON.createArrayNode().add(geometry.get("coordinates")) : geometry.get("coordinates");
            List<int[]> rings = new ArrayList<>();
            for (JsonNode polygon : polygons) {
                for (JsonNode ring : polygon) {
                    int[] xy = new int[2 * ring.size()];
                    for (int v = 0; v < ring.size(); v++) {
                        xy[2 * v] = ring.get(v).get(0).intValue();
                        xy[2 * v + 1] = ring.get(v).get(1).intValue();
                    }
                    rings.add(xy);
                }
            }
            ringsByLabel.put(feature.at("/properties/id").asInt(), rings);
        }
        Map<Integer, Double> ious = Outlines.iouPerLabel(mask.channel(0), ringsByLabel, width, height);
        for (JsonNode feature : features) {
            int label = feature.get("id").asInt();
            long pixels = 0;
            for (float l : mask.channel(0)) {
                pixels += l == label ? 1 : 0;
            }
            assertEquals("cell " + label, 1.0, ious.get(label), 0);
            assertEquals("cell " + label, pixels, feature.at("/properties/area").asLong());
            assertEquals("cell " + label, pixels, feature.at("/properties/measurements/area").asLong());
        }
    }

    @Test
    public void aClassNeedsANameAndAColourOf0To255() {
        assertThrows(IllegalArgumentException.class, () -> new DetectionClass(" ", 0, 0, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DetectionClass("cell", 0, 256, 0))
                .getMessage().contains("(0, 256, 0)"));
    }

    private String write(List<Instance> instances, DetectionClass detectionClass) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        geoJson.write(instances, detectionClass, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
