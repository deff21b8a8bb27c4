package io.jnnunet.server.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.jnnunet.server.internal.InstancePolygons.Instance;
import io.jnnunet.server.internal.InstancePolygons.Polygon;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Instances as a GeoJSON FeatureCollection (RFC 7946), one Feature per instance, in the form QuPath's "Import objects"
 * reads: coordinates in pixels of the full image, origin at its top-left corner, x the column, y the row, pixel corners
 * as vertices (napari puts pixel centres at whole numbers: shift by -0.5 there). Each Feature's {@code id} is the
 * instance label, its geometry a Polygon, or a MultiPolygon for an instance of several parts, and its properties:
 * <ul>
 *   <li>{@code objectType "detection"} and {@code name} (the label as text), QuPath's keys;</li>
 *   <li>{@code classification {"name", "color": [r, g, b]}}, when a class is given: QuPath accepts the object form
 *       only with a colour;</li>
 *   <li>{@code id}, {@code area} (pixels), {@code mean_intensity} (first channel) and {@code centroid [x, y]} for
 *       readers of plain GeoJSON properties;</li>
 *   <li>{@code measurements}, the same numbers under the key QuPath reads measurements from (numbers only, so the
 *       centroid is {@code centroid_x} and {@code centroid_y}).</li>
 * </ul>
 */
public final class GeoJson {

    /** The class QuPath shows the detections in, e.g. the nnU-Net label the instances were made of. */
    public record DetectionClass(String name, int red, int green, int blue) {

        public DetectionClass {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a detection class needs a name");
            }
            for (int channel : new int[] {red, green, blue}) {
                if (channel < 0 || channel > 255) {
                    throw new IllegalArgumentException("colour of class " + name + " must be 0..255 per channel, got ("
                            + red + ", " + green + ", " + blue + ")");
                }
            }
        }
    }

    private final JsonFactory factory = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * Writes the FeatureCollection; the stream is flushed, not closed.
     *
     * @param detectionClass the class of every instance, or null for none
     */
    public void write(List<Instance> instances, DetectionClass detectionClass, OutputStream out) throws IOException {
        try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
            for (Instance instance : instances) {
                writeFeature(json, instance, detectionClass);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void writeFeature(JsonGenerator json, Instance instance, DetectionClass detectionClass)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "Feature");
        json.writeNumberField("id", instance.label());
        json.writeObjectFieldStart("geometry");
        List<Polygon> polygons = instance.polygons();
        if (polygons.size() == 1) {
            json.writeStringField("type", "Polygon");
            json.writeFieldName("coordinates");
            writePolygon(json, polygons.get(0));
        } else {
            json.writeStringField("type", "MultiPolygon");
            json.writeArrayFieldStart("coordinates");
            for (Polygon polygon : polygons) {
                writePolygon(json, polygon);
            }
            json.writeEndArray();
        }
        json.writeEndObject();

        json.writeObjectFieldStart("properties");
        json.writeStringField("objectType", "detection");
        json.writeStringField("name", Integer.toString(instance.label()));
        if (detectionClass != null) {
            json.writeObjectFieldStart("classification");
            json.writeStringField("name", detectionClass.name());
            json.writeArrayFieldStart("color");
            json.writeNumber(detectionClass.red());
            json.writeNumber(detectionClass.green());
            json.writeNumber(detectionClass.blue());
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeNumberField("id", instance.label());
        json.writeNumberField("area", instance.area());
        json.writeNumberField("mean_intensity", instance.meanIntensity());
        json.writeArrayFieldStart("centroid");
        json.writeNumber(instance.centroidX());
        json.writeNumber(instance.centroidY());
        json.writeEndArray();
        json.writeObjectFieldStart("measurements");
        json.writeNumberField("area", instance.area());
        json.writeNumberField("mean_intensity", instance.meanIntensity());
        json.writeNumberField("centroid_x", instance.centroidX());
        json.writeNumberField("centroid_y", instance.centroidY());
        json.writeEndObject();
        json.writeEndObject();

        json.writeEndObject();
    }

    private static void writePolygon(JsonGenerator json, Polygon polygon) throws IOException {
        json.writeStartArray();
        writeRing(json, polygon.shell());
        for (int[] hole : polygon.holes()) {
            writeRing(json, hole);
        }
        json.writeEndArray();
    }

    private static void writeRing(JsonGenerator json, int[] ring) throws IOException {
        json.writeStartArray();
        for (int i = 0; i < ring.length; i += 2) {
            json.writeStartArray();
            json.writeNumber(ring[i]);
            json.writeNumber(ring[i + 1]);
            json.writeEndArray();
        }
        json.writeEndArray();
    }
}
