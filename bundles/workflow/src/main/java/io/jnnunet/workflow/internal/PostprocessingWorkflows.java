package io.jnnunet.workflow.internal;

import io.jnnunet.api.PostprocessingService;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ApplyPostprocessingRequest;
import io.jnnunet.api.workflow.ApplyPostprocessingWorkflow;
import io.jnnunet.api.workflow.DeterminePostprocessingRequest;
import io.jnnunet.api.workflow.DeterminePostprocessingWorkflow;
import io.jnnunet.api.workflow.PostprocessingReport;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code nnUNetv2_determine_postprocessing} and {@code nnUNetv2_apply_postprocessing}: the dataset.json found as
 * nnU-Net finds it, then the {@link PostprocessingService}.
 */
@Component(service = {DeterminePostprocessingWorkflow.class, ApplyPostprocessingWorkflow.class})
public class PostprocessingWorkflows implements DeterminePostprocessingWorkflow, ApplyPostprocessingWorkflow {

    private final StageService<PostprocessingService> postprocessing = new StageService<>(
            "no postprocessing is installed (feature jnnunet-postprocessing)");
    private final DatasetJsonFiles datasetJsons = new DatasetJsonFiles();
    private final PostprocessingReports reports = new PostprocessingReports();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetPostprocessing")
    public void setPostprocessing(PostprocessingService service) {
        postprocessing.set(service);
    }

    public void unsetPostprocessing(PostprocessingService service) {
        postprocessing.unset(service);
    }

    @Override
    public PostprocessingReport determinePostprocessing(DeterminePostprocessingRequest request,
            ProgressListener progress) throws IOException {
        PostprocessingService service = postprocessing.require();
        Path predictions = Path.of(request.input());
        Path references = Path.of(request.reference());
        return reports.read(service.determine(predictions, references, datasetJsons.read(request.datasetJson(),
                DatasetJsonFiles.in(predictions), DatasetJsonFiles.beside(references)),
                Workers.orCores(request.workers()), progress));
    }

    @Override
    public Path applyPostprocessing(ApplyPostprocessingRequest request, ProgressListener progress)
            throws IOException {
        PostprocessingService service = postprocessing.require();
        Path decision = Path.of(request.postprocessingJson());
        Path input = Path.of(request.input());
        Path output = Path.of(request.output());
        service.apply(input, output, decision, datasetJsons.read(request.datasetJson(),
                DatasetJsonFiles.beside(decision), DatasetJsonFiles.in(input)), Workers.orCores(request.workers()),
                progress);
        return output;
    }
}
