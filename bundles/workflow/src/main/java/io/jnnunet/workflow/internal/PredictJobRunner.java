package io.jnnunet.workflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.api.workflow.PredictFolderResult;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the {@value PredictionWorkflow#JOB_TYPE} jobs with {@link PredictionWorkflow#predictFolder}; on a cluster a
 * folder's cases go out in batches, two per worker so that a slow node does not hold up the end.
 */
@Component(service = JobRunner.class, property = JobRunner.TYPE + "=" + PredictionWorkflow.JOB_TYPE)
public class PredictJobRunner extends WorkflowJobRunner<PredictFolderRequest> {

    static final int BATCHES_PER_WORKER = 2;

    private final PredictionWorkflow workflow;
    private final NnunetJson json = new NnunetJson();

    @Activate
    public PredictJobRunner(@Reference PredictionWorkflow workflow, @Reference NnunetPaths paths) {
        super(PredictionWorkflow.JOB_TYPE, PredictFolderRequest.class, workflow::predictFolder,
                new Descriptions(paths)::of);
        this.workflow = workflow;
    }

    /** With {@code --continue_prediction}: the cases already written are not predicted again. */
    @Override
    public PredictFolderRequest resumed(PredictFolderRequest request) {
        return request.continued();
    }

    /** Batches of consecutive cases in the folder's order, as even as they come. */
    @Override
    public List<PredictFolderRequest> units(PredictFolderRequest request, int workers) throws IOException {
        List<String> cases = workflow.cases(request);
        int batches = Math.min(cases.size(), BATCHES_PER_WORKER * workers);
        if (workers <= 1 || batches <= 1) {
            return List.of(request);
        }
        List<PredictFolderRequest> units = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            units.add(request.batch(cases.subList(b * cases.size() / batches, (b + 1) * cases.size() / batches)));
        }
        return units;
    }

    /** One result for the folder: every batch's files in case order, the time of the slowest batch. */
    @Override
    public Object merge(PredictFolderRequest request, List<JsonNode> results) throws IOException {
        String output = request.output();
        List<String> written = new ArrayList<>();
        int skipped = 0;
        double seconds = 0;
        String recipe = null;
        for (JsonNode node : results) {
            PredictFolderResult batch = json.mapper().treeToValue(node, PredictFolderResult.class);
            output = batch.output();
            written.addAll(batch.written());
            skipped += batch.skipped();
            seconds = Math.max(seconds, batch.seconds());
            recipe = batch.instanceRecipe();
        }
        return new PredictFolderResult(output, written.stream().sorted().toList(), skipped, seconds, recipe);
    }
}
