package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.workflow.JsonText;
import io.jnnunet.formats.NnunetJson;
import org.osgi.service.component.annotations.Component;

/** JSON text in the layout of nnU-Net's files, through {@link NnunetJson}. */
@Component(service = JsonText.class)
public class NnunetJsonText implements JsonText {

    private final NnunetJson json = new NnunetJson();

    @Override
    public String of(Object value) {
        return json.toString(value);
    }

    @Override
    public String resultOf(JobInfo job) {
        return job.result() == null ? null : json.toString(job.result());
    }
}
