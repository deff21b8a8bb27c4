package io.jnnunet.server.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import io.jnnunet.api.workflow.ModelZipException;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.server.internal.GeoJson.DetectionClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * area and mean intensity, as QuPath and napari import them. Models travel too: one is exported as a zip
 * ({@code GET /api/models/{id}/export}), and an admin installs one from a zip ({@code POST /api/models}).
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
    private final ModelExchangeWorkflow exchange;
    private final GeoJson geoJson = new GeoJson();
    private volatile ServerConfig config;

    @Activate
    public ModelsResource(@Reference ModelCatalog catalog, @Reference SingleImagePredictions predictions,
            @Reference ModelDetails details, @Reference ModelExchangeWorkflow exchange, ServerConfig config) {
        this.catalog = catalog;
        this.exchange = exchange;
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

    /**
     * A model zip (nnU-Net's or jnnunet's export), installed into nnUNet_results as
     * {@code nnunet:install-model-from-zip} installs it; 201 with the models it holds.
     *
     * @param fileName the zip's file name, recorded as the installed model's origin
     * @param overwrite replace a model that is installed already (else 409)
     */
    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Response install(InputStream body, @QueryParam("filename") @DefaultValue("upload.zip") String fileName,
            @QueryParam("overwrite") @DefaultValue("false") boolean overwrite,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, @Context SecurityContext caller)
            throws IOException {
        Roles.requireAdmin(caller);
        if (!fileName.matches("[A-Za-z0-9._-]{1,120}\\.zip")) {
            throw ApiException.badRequest("filename must be a file name ending in .zip (letters, digits, . _ -), got '"
                    + fileName + "'");
        }
        long maxUpload = Uploads.maxBytes(config);
        Path folder = Files.createDirectories(WorkFolder.of(config).resolve("tmp")
                .resolve("model-upload-" + UUID.randomUUID()));
        try {
            Path zip = folder.resolve(fileName);
            try (InputStream in = Uploads.limited(body, length, maxUpload)) {
                Files.copy(in, zip);
            }
            // checkpoints barely shrink in a zip; a bomb is cut off at four times the upload
            List<InstalledModel> installed = exchange.install(new InstallModelRequest(zip.toString(), overwrite,
                    maxUpload * 4), ProgressListener.NONE);
            List<ModelCatalog.Model> models = installed.stream().map(m -> catalog.model(m.id())).toList();
            return Response.status(Response.Status.CREATED).entity(models).build();
        } catch (ModelZipException refused) {
            int status = switch (refused.problem()) {
                case UNSAFE -> 400;
                case DAMAGED, INCOMPLETE -> 422;
                case INSTALLED -> 409;
                case TOO_LARGE -> 413;
            };
            throw new ApiException(status, refused.getMessage(), refused.entry() == null ? null
                    : Map.of("entry", refused.entry()), Map.of());
        } finally {
            AtomicFiles.deleteRecursively(folder);
        }
    }

    /**
     * The model as one file: nnU-Net's model zip ({@code nnunet}) or a bioimage.io package ({@code bioimageio}),
     * written by the exporter of that format and sent as an attachment.
     *
     * @param folds comma-separated folds; empty: every fold with the checkpoint
     */
    @GET
    @javax.ws.rs.Path("{id}/export")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("id") String id,
            @QueryParam("format") @DefaultValue(ModelExporter.NNUNET) String format,
            @QueryParam("folds") String folds,
            @QueryParam("checkpoint") @DefaultValue("checkpoint_final") String checkpoint,
            @Context SecurityContext caller) throws IOException {
        Roles.requireUser(caller);
        ModelCatalog.Model model = catalog.model(id);
        if (!format.matches("[a-z0-9_-]{1,40}")) {
            throw ApiException.badRequest("format must be a name such as nnunet or bioimageio, got '" + format + "'");
        }
        if (!checkpoint.matches("checkpoint_(final|best|latest)")) {
            throw ApiException.badRequest("checkpoint must be checkpoint_final, checkpoint_best or"
                    + " checkpoint_latest, got '" + checkpoint + "'");
        }
        Path folder = Files.createDirectories(WorkFolder.of(config).resolve("tmp")
                .resolve("model-export-" + UUID.randomUUID()));
        String fileName = model.id() + (format.equals(ModelExporter.NNUNET) ? "" : "." + format) + ".zip";
        ModelExport export;
        try {
            export = exchange.export(new ExportModelRequest(model.dataset(), model.configuration(), model.plans(),
                    model.trainer(), folds(folds), checkpoint, format, folder.resolve(fileName).toString()),
                    ProgressListener.NONE);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(folder);
            if (e instanceof IOException) {
                // the model is there, so what is missing is the part asked for: a fold, its checkpoint
                throw ApiException.notFound("model " + model.id() + ": " + e.getMessage());
            }
            throw e;
        }
        StreamingOutput zip = out -> {
            try {
                Files.copy(export.file(), out);
            } finally {
                AtomicFiles.deleteRecursively(folder);
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header(HttpHeaders.CONTENT_LENGTH, export.bytes())
                .build();
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
