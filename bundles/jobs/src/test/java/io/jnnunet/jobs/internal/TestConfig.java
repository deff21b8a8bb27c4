package io.jnnunet.jobs.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** A job queue's configuration, as Config Admin hands it over. */
final class TestConfig {

    private TestConfig() {
    }

    static QueuedJobManager.Config of(int parallel, String jdbcUrl, int queueSize) {
        return new QueuedJobManager.Config() {
            @Override
            public int parallel() {
                return parallel;
            }

            @Override
            public String jdbc_url() {
                return jdbcUrl;
            }

            @Override
            public int queue_size() {
                return queueSize;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return QueuedJobManager.Config.class;
            }
        };
    }

    /** A node with these cluster roles; empty for a node on its own. */
    static NodeRoles roles(String roles) {
        return new NodeRoles(new NodeRoles.Config() {
            @Override
            public String roles() {
                return roles;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NodeRoles.Config.class;
            }
        });
    }

    static NodeRoles standalone() {
        return roles("");
    }

    /** The job database in the folder. */
    static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("jobs").toAbsolutePath();
    }
}
