package io.jnnunet.server.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.OverlayRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Produces;
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
 * {@code /api/images/preview}: an image as a browser can show it. A 16-bit PNG or any TIFF is read as a prediction
 * reads it (same readers, same limits) and answered as an 8-bit PNG of its first channel stretched between its 0.5th
 * and 99.5th percentile (the middle slice of a 3-D image), which is how the overlays draw it too; its shape and
 * sample type go in {@value #SHAPE} and {@value #SAMPLE_TYPE}.
 */
@Component(service = ImagesResource.class, configurationPid = ServerConfig.PID)
@JaxrsResource
@JaxrsApplicationSelect(LabApplication.SELECT)
@javax.ws.rs.Path("images")
public class ImagesResource {

    static final String SHAPE = "X-Image-Shape";
    static final String SAMPLE_TYPE = "X-Image-Sample-Type";

    private final SingleImagePredictions predictions;
    private final OverlayRenderer overlays;
    private volatile ServerConfig config;

    @Activate
    public ImagesResource(@Reference SingleImagePredictions predictions, @Reference OverlayRenderer overlays,
            ServerConfig config) {
        this.predictions = predictions;
        this.overlays = overlays;
        this.config = config;
    }

    @Modified
    void modified(ServerConfig changed) {
        config = changed;
    }

    @POST
    @javax.ws.rs.Path("preview")
    @Consumes({Uploads.PNG, Uploads.TIFF, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(Uploads.PNG)
    public Response preview(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, @Context SecurityContext caller)
            throws IOException {
        Roles.requireUser(caller);
        try (Uploads.Image upload = Uploads.image(body, contentType, length, config)) {
            ImageVolume image = predictions.read(upload.file()).image();
            Path png = upload.file().resolveSibling("preview-" + UUID.randomUUID() + ".png");
            try {
                overlays.render(image, null, null, null, png);
                return Response.ok(Files.readAllBytes(png), Uploads.PNG)
                        .header(SHAPE, Arrays.stream(image.shape()).mapToObj(Integer::toString)
                                .collect(Collectors.joining(",")))
                        .header(SAMPLE_TYPE, image.sampleType().name()).build();
            } finally {
                Files.deleteIfExists(png);
            }
        }
    }
}
