package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.IntegrityProblem;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.NnunetPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/datasets}: the raw datasets, and a new one uploaded as a zip in nnU-Net's raw layout (admins only). An
 * upload is unpacked beside nnUNet_raw under a hidden name, verified as {@code nnunet:verify-dataset} verifies, and
 * moved into place in one rename only when the check finds no error; otherwise it is deleted and the answer (422)
 * carries the integrity report, every problem with its file.
 */
@Component(service = DatasetsResource.class, configurationPid = ServerConfig.PID)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@javax.ws.rs.Path("datasets")
public class DatasetsResource {

    /** Entries one zip may hold: a dataset is a few thousand files, a zip bomb of tiny entries is not. */
    private static final int MAX_ENTRIES = 200_000;

    private final NnunetPaths paths;
    private final DatasetVerifier verifier;
    private final DatasetReader reader;
    private volatile DatasetArchive archive;
    private volatile long maxUpload;

    /** A raw dataset as the API lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(@JsonProperty("name") String name, @JsonProperty("id") int id,
            @JsonProperty("num_training") Integer numTraining, @JsonProperty("channels") Object channels,
            @JsonProperty("labels") Object labels, @JsonProperty("file_ending") String fileEnding,
            @JsonProperty("preprocessed") boolean preprocessed, @JsonProperty("error") String error) {
    }

    /** A problem of an integrity report, its file relative to the dataset folder. */
    public record Problem(@JsonProperty("severity") String severity, @JsonProperty("file") String file,
            @JsonProperty("message") String message) {
    }

    /** An integrity report as the API answers it. */
    public record Report(@JsonProperty("dataset") String dataset, @JsonProperty("ok") boolean ok,
            @JsonProperty("cases_checked") int casesChecked, @JsonProperty("problems") List<Problem> problems) {

        static Report of(String dataset, Path folder, IntegrityReport report) {
            List<Problem> problems = new ArrayList<>();
            for (IntegrityProblem p : report.problems()) {
                Path file = p.file() == null ? null : p.file().startsWith(folder) ? folder.relativize(p.file())
                        : p.file().getFileName();
                problems.add(new Problem(p.severity().name(), file == null ? null : file.toString(), p.message()));
            }
            return new Report(dataset, report.ok(), report.casesChecked(), problems);
        }
    }

    @Activate
    public DatasetsResource(@Reference NnunetPaths paths, @Reference DatasetVerifier verifier,
            @Reference DatasetReader reader, ServerConfig config) {
        this.paths = paths;
        this.verifier = verifier;
        this.reader = reader;
        modified(config);
    }

    @Modified
    void modified(ServerConfig config) {
        maxUpload = Uploads.maxBytes(config);
        // unpacked, a dataset's PNGs and NIfTIs barely shrink in a zip; a bomb is cut off at four times the upload
        archive = new DatasetArchive(maxUpload * 4, MAX_ENTRIES);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Dataset> list(@Context SecurityContext caller) throws IOException {
        Roles.requireUser(caller);
        List<Dataset> datasets = new ArrayList<>();
        if (!Files.isDirectory(paths.raw())) {
            return datasets;
        }
        try (Stream<Path> children = Files.list(paths.raw())) {
            for (Path folder : children.sorted().toList()) {
                String name = folder.getFileName().toString();
                if (!Files.isDirectory(folder) || !ModelCatalog.DATASET.matcher(name).matches()) {
                    continue;
                }
                int id = Integer.parseInt(name.substring(7, 10));
                boolean preprocessed = Files.isDirectory(paths.preprocessed().resolve(name));
                try {
                    DatasetSpec spec = reader.readDatasetJson(folder);
                    datasets.add(new Dataset(name, id, spec.numTraining(), spec.channelNames(), spec.labels(),
                            spec.fileEnding(), preprocessed, null));
                } catch (IOException | RuntimeException e) {
                    datasets.add(new Dataset(name, id, null, null, null, null, preprocessed, e.getMessage()));
                }
            }
        }
        return datasets;
    }

    /**
     * A zip of {@code DatasetXXX_Name/} (or of its content, with {@code ?name=DatasetXXX_Name}); 201 with the
     * integrity report when accepted.
     */
    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @QueryParam("name") String name,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, @Context SecurityContext caller)
            throws IOException {
        Roles.requireAdmin(caller);
        InputStream zip = Uploads.limited(body, length, maxUpload);
        Files.createDirectories(paths.raw());
        try (DatasetArchive.Upload upload = archive.unpack(paths.raw(), zip, name)) {
            IntegrityReport report = verifier.verify(upload.folder());
            Report answer = Report.of(upload.name(), upload.folder(), report);
            if (!report.ok()) {
                throw new ApiException(422, "dataset " + upload.name() + " was not accepted: "
                        + report.errors().size() + " error(s) in its integrity check", answer,
                        java.util.Map.of());
            }
            upload.accept();
            return Response.status(Response.Status.CREATED).entity(answer).build();
        } catch (UploadRefusedException refused) {
            throw new ApiException(refused.status(), refused.getMessage());
        }
    }
}
