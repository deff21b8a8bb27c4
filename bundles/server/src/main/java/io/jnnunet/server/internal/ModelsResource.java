package io.jnnunet.server.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.server.internal.GeoJson.DetectionClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/models}: the trained models, and one image predicted with a model kept loaded. The image comes as the
 * body ({@code image/png} or {@code image/tiff}, 8 or 16 bit); the answer is the mask in the same format (the
 * semantic mask, or with {@code instances} the 16-bit instance mask, its cell count in {@code X-Cell-Count}), or,
 * with {@code Accept: application/geo+json}, the cells as a GeoJSON FeatureCollection of polygons with their id,
 * area and mean intensity, as QuPath and napari import them.
 */
@Component(service = ModelsResource.class, configurationPid = ServerConfig.PID)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@javax.ws.rs.Path("models")
public class ModelsResource {

    static final String GEOJSON = "application/geo+json";
    static final String CELL_COUNT = "X-Cell-Count";
    private static final String NONE = "none";

    private final ModelCatalog catalog;
    private final SingleImagePredictions predictions;
    private final ModelDetails details;
    private final GeoJson geoJson = new GeoJson();
    private volatile ServerConfig config;

    @Activate
    public ModelsResource(@Reference ModelCatalog catalog, @Reference SingleImagePredictions predictions,
            @Reference ModelDetails details, ServerConfig config) {
        this.catalog = catalog;
        this.predictions = predictions;
        this.details = details;
        this.config = config;
    }

    @Modified
    void modified(ServerConfig changed) {
        config = changed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ModelCatalog.Model> list(@Context SecurityContext caller) {
        Roles.requireUser(caller);
        return catalog.models();
    }

    @GET
    @javax.ws.rs.Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelCatalog.Model model(@PathParam("id") String id, @Context SecurityContext caller) {
        Roles.requireUser(caller);
        return catalog.model(id);
    }

    /** The configuration of the plans the model was trained with: patch, batch, network, epochs. */
    @GET
    @javax.ws.rs.Path("{id}/plans")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelDetails.PlansSummary plans(@PathParam("id") String id, @Context SecurityContext caller)
            throws IOException {
        Roles.requireUser(caller);
        return details.plans(id);
    }

    /** A fold's training curve: per epoch the losses, pseudo Dice, its EMA, the learning rate and the seconds. */
    @GET
    @javax.ws.rs.Path("{id}/folds/{fold}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelDetails.Progress progress(@PathParam("id") String id, @PathParam("fold") String fold,
            @Context SecurityContext caller) throws IOException {
        Roles.requireUser(caller);
        return details.progress(id, fold);
    }

    /**
     * @param folds comma-separated folds; empty: every fold with the checkpoint
     * @param instances an instance recipe, {@code auto} (the model's), or {@code none}; not given: {@code none}
     *     for a mask, {@code auto} for GeoJSON
     * @param objectDiameter the nuclei's diameter in pixels or {@code auto}: the image is zoomed so they have the
     *     training data's median size; not given: native scale
     */
    @POST
    @javax.ws.rs.Path("{id}/predict")
    @Consumes({Uploads.PNG, Uploads.TIFF, MediaType.APPLICATION_OCTET_STREAM})
    @Produces({Uploads.PNG, Uploads.TIFF, GEOJSON})
    public Response predict(@PathParam("id") String id, InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @QueryParam("folds") String folds,
            @QueryParam("checkpoint") @DefaultValue("checkpoint_final") String checkpoint,
            @QueryParam("mirroring") @DefaultValue("true") boolean mirroring,
            @QueryParam("step_size") @DefaultValue("0.5") double stepSize,
            @QueryParam("instances") String instances,
            @QueryParam("object_diameter") String objectDiameter,
            @Context SecurityContext caller) throws IOException {
        Roles.requireUser(caller);
        boolean geo = accept != null && accept.contains(GEOJSON);
        String recipe = instances == null ? (geo ? "auto" : null) : instances.equals(NONE) ? null : instances;
        if (geo && recipe == null) {
            throw ApiException.badRequest("GeoJSON holds cells: it needs instances (auto or a recipe), not none");
        }
        if (!checkpoint.matches("checkpoint_(final|best|latest)")) {
            throw ApiException.badRequest("checkpoint must be checkpoint_final, checkpoint_best or"
                    + " checkpoint_latest, got '" + checkpoint + "'");
        }
        try (Uploads.Image upload = Uploads.image(body, contentType, length, config)) {
            SingleImagePredictions.Prediction prediction = predictions.predict(id, upload.file(),
                    new SingleImagePredictions.Options(folds(folds), checkpoint, mirroring, stepSize, recipe,
                            objectDiameter));
            Response.ResponseBuilder response;
            if (geo) {
                List<InstancePolygons.Instance> cells = InstancePolygons.trace(prediction.mask(), prediction.image());
                StreamingOutput json = out -> geoJson.write(cells, new DetectionClass("Nucleus", 230, 60, 60), out);
                response = Response.ok(json, GEOJSON).header(CELL_COUNT, cells.size());
            } else {
                Path mask = upload.sibling("mask");
                prediction.imageIo().write(prediction.mask(), mask);
                byte[] bytes = Files.readAllBytes(mask);
                Files.deleteIfExists(mask);
                response = Response.ok(bytes, upload.mediaType());
                if (prediction.instances()) {
                    response.header(CELL_COUNT, cellCount(prediction.mask()));
                }
            }
            return response.header("X-Prediction-Seconds", String.format(Locale.ROOT, "%.3f",
                    prediction.seconds())).build();
        }
    }

    private static List<String> folds(String folds) {
        if (folds == null || folds.isBlank()) {
            return List.of();
        }
        List<String> list = Arrays.stream(folds.split(",")).map(String::trim).toList();
        for (String fold : list) {
            if (!fold.matches("\\d|all")) {
                throw ApiException.badRequest("folds must be 0..9 or all, comma-separated; got '" + fold + "'");
            }
        }
        return list;
    }

    /** The number of distinct non-zero labels. */
    static long cellCount(ImageVolume instances) {
        float[] labels = instances.channel(0);
        java.util.BitSet seen = new java.util.BitSet();
        for (float label : labels) {
            if (label > 0) {
                seen.set((int) label);
            }
        }
        return seen.cardinality();
    }
}
