package io.jnnunet.api.workflow;

/** The lab server as it runs, for {@code nnunet:server} and {@code GET /api/info}; registered while it runs. */
public interface ServerStatus {

    ServerInfo server();
}
