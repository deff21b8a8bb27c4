package io.jnnunet.workflow.internal;

import io.jnnunet.api.BestConfigurationFinder;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.BestConfigurationWorkflow;
import io.jnnunet.api.workflow.FindBestConfigurationRequest;
import io.jnnunet.api.workflow.FindBestConfigurationResult;
import java.io.IOException;
import java.nio.file.Files;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code nnUNetv2_find_best_configuration} through the {@link BestConfigurationFinder}, with what it decided. */
@Component(service = BestConfigurationWorkflow.class)
public class FindBestConfiguration implements BestConfigurationWorkflow {

    private final StageService<BestConfigurationFinder> finder = new StageService<>(
            "no best-configuration finder is installed (feature jnnunet-postprocessing)");
    private final PostprocessingReports reports = new PostprocessingReports();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetFinder")
    public void setFinder(BestConfigurationFinder service) {
        finder.set(service);
    }

    public void unsetFinder(BestConfigurationFinder service) {
        finder.unset(service);
    }

    @Override
    public FindBestConfigurationResult findBestConfiguration(FindBestConfigurationRequest request,
            ProgressListener progress) throws IOException {
        BestConfigurationFinder.Result result = finder.require().find(new BestConfigurationFinder.Request(
                request.dataset(), request.configurations(), request.plans(), request.trainers(), request.folds(),
                Workers.orCores(request.workers())), progress);
        return new FindBestConfigurationResult(result.resultsFolder().toString(), result.candidates().stream()
                .map(c -> new FindBestConfigurationResult.Candidate(c.identifier(), c.folds(), c.foregroundDice(),
                        c.crossvalFolder().toString())).toList(), result.best().identifier(),
                reports.read(result.postprocessingJson()), result.inferenceInformation().toString(),
                result.inferenceInstructions().toString(), Files.readString(result.inferenceInstructions()),
                result.notes());
    }
}
