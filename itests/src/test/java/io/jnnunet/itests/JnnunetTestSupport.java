package io.jnnunet.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real jnnunet distribution (the tar.gz that karaf-assembly built) with Pax Exam, offline: the container
 * resolves Maven artifacts from the local repository only. Tests run inside the container.
 */
public abstract class JnnunetTestSupport {

    static final String SAMPLE_DATA = "jnnunet.sampleData";
    static final String EXAMPLE_PLUGIN = "jnnunet.examplePlugin";
    private static final Duration COMMAND_REGISTRATION_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("jnnunet.distribution")).toURI().toString())
                    .name("jnnunet")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            systemProperty(SAMPLE_DATA).value(new File(System.getProperty(SAMPLE_DATA)).getAbsolutePath()),
            systemProperty(EXAMPLE_PLUGIN).value(new File(System.getProperty(EXAMPLE_PLUGIN)).getAbsolutePath()),
        };
    }

    /** The sample dataset that ships in the repository. */
    protected static Path sampleDataset() {
        return Path.of(System.getProperty(SAMPLE_DATA), "Dataset001_Cells");
    }

    /** What a shell command printed, with the exception it threw (if any) as the last line. */
    protected record CommandResult(String output, Exception failure) {
        boolean failed() {
            return failure != null;
        }

        @Override
        public String toString() {
            return output + (failure == null ? "" : "\nfailed: " + failure.getMessage());
        }
    }

    /**
     * Runs a command in a new session. Karaf registers a bundle's commands only once every service they reference is
     * there, some time after the container reports ready, so a command not found yet is tried again for a while.
     */
    protected CommandResult execute(String command) {
        long deadline = System.nanoTime() + COMMAND_REGISTRATION_TIMEOUT.toNanos();
        CommandResult result = executeOnce(command);
        // gogo's CommandNotFoundException is not exported to the test probe: its message says it
        while (result.failed() && String.valueOf(result.failure().getMessage()).startsWith("Command not found")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = executeOnce(command);
        }
        return result;
    }

    private CommandResult executeOnce(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Exception failure = null;
        try {
            session.execute(command);
        } catch (Exception e) {
            failure = e;
        } finally {
            out.flush();
            session.close();
        }
        return new CommandResult(bytes.toString(StandardCharsets.UTF_8), failure);
    }
}
