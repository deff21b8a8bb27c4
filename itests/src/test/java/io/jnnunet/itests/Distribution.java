package io.jnnunet.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real distribution as a lab runs it, not a Pax Exam container: the tar.gz that karaf-assembly built, unpacked
 * under {@code target/<name>/}, started as {@code bin/karaf server} in its own JVM (its output in
 * {@code karaf.out}), killed with SIGKILL. Offline, as the Pax Exam containers are: Maven artifacts come from the
 * local repository only.
 */
final class Distribution implements AutoCloseable {

    /** Karaf up and its REST API answering. */
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration PLANNING = Duration.ofMinutes(10);

    private final Path home;
    private Process karaf;

    private Distribution(Path home) {
        this.home = home;
    }

    /** A fresh copy of the distribution in a new folder of {@code target/<name>/}. */
    static Distribution unpack(String name) throws Exception {
        Path target = Files.createDirectories(Path.of("target", name)).toAbsolutePath();
        Path unpacked = Files.createTempDirectory(target, "karaf");
        run(new ProcessBuilder("tar", "xzf", System.getProperty("jnnunet.distribution"), "-C", unpacked.toString(),
                "--strip-components=1"));
        Path mvn = unpacked.resolve("etc/org.ops4j.pax.url.mvn.cfg");
        Files.writeString(mvn, Files.readString(mvn) + "\norg.ops4j.pax.url.mvn.localRepository="
                + System.getProperty("maven.repo.local") + "\norg.ops4j.pax.url.mvn.repositories=\n");
        return new Distribution(unpacked);
    }

    Path home() {
        return home;
    }

    /** Sets keys of a configuration file in {@code etc/}, as a user editing it before the start would. */
    void configure(String file, String... keysAndValues) throws Exception {
        Path cfg = home.resolve("etc").resolve(file);
        StringBuilder text = new StringBuilder(Files.exists(cfg) ? Files.readString(cfg) : "");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            text.append('\n').append(keysAndValues[i]).append(" = ").append(keysAndValues[i + 1]);
        }
        Files.writeString(cfg, text.append('\n').toString());
    }

    /** Another instance beside this one on the same machine: its own SSH, HTTP and JMX ports. */
    void ports(int ssh, int http, int rmiRegistry, int rmiServer) throws Exception {
        configure("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(ssh));
        configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(http));
        configure("io.jnnunet.server.cfg", "port", Integer.toString(http));
        configure("org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(rmiRegistry),
                "rmiServerPort", Integer.toString(rmiServer));
    }

    /** Starts Karaf and waits until the lab server's API answers. */
    void start(ServerClient server) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("karaf.out").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = builder.start();
        server.awaitUp(START);
    }

    boolean running() {
        return karaf != null;
    }

    /** SIGKILL to Karaf's JVM (the script's child): no shutdown hook, no component deactivation. */
    void kill() throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        if (Files.isRegularFile(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(java -> {
                java.destroyForcibly();
                java.onExit().join();
            });
        }
        karaf.destroyForcibly().waitFor();
        karaf = null;
    }

    @Override
    public void close() throws Exception {
        if (running()) {
            kill();
        }
    }

    /**
     * A raw dataset uploaded through the API, planned and preprocessed for 2d by a job, and its default plans
     * shrunk into {@code plansName} ({@link JnnunetTestSupport#writeTinyPlans}), whose trainings take seconds.
     */
    void prepareTinyPlans(ServerClient server, Path dataset, String plansName) throws Exception {
        prepareTinyPlans(server, dataset, home.resolve("data/nnUNet_preprocessed"), plansName);
    }

    /** {@link #prepareTinyPlans(ServerClient, Path, String)} with nnU-Net's preprocessed folder elsewhere. */
    void prepareTinyPlans(ServerClient server, Path dataset, Path preprocessed, String plansName) throws Exception {
        String name = dataset.getFileName().toString();
        int uploaded = server.uploadDataset(dataset).statusCode();
        if (uploaded != 201) {
            throw new AssertionError("the upload of " + dataset + " got " + uploaded);
        }
        JsonNode planned = server.await(server.submit(server.spec("plan-and-preprocess", "datasets", name,
                "configurations", "2d")), PLANNING);
        if (!planned.path("state").asText().equals("FINISHED")) {
            throw new AssertionError("the planning of " + name + " did not finish: " + planned);
        }
        JnnunetTestSupport.writeTinyPlans(preprocessed.resolve(name), plansName);
    }

    private static void run(ProcessBuilder command) throws Exception {
        Process process = command.inheritIO().start();
        if (process.waitFor() != 0) {
            throw new AssertionError(command.command() + " failed with exit code " + process.exitValue());
        }
    }
}
