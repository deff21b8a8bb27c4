package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.benchmarks.BenchmarkReport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How many units per second the head dispatches, and what a unit costs on the wire: a head with its embedded broker
 * and workers in this JVM, each worker on its own TCP connection to the broker on loopback (as a node on another
 * machine would be), running units that do no work but report like real ones. Every unit passes the whole path:
 * sent durable with its duplicate id, taken by a worker, STARTED, its messages, its end acknowledged in one
 * transaction with the FINISHED report, the head's record of the job written before each report is acknowledged.
 *
 * <p>{@code bash benchmarks/scale-out.sh} runs it and writes docs/benchmarks.md, section "Cluster dispatch".
 */
public final class DispatchThroughputBenchmark {

    private static final int JOBS = 20;

    private DispatchThroughputBenchmark() {
    }

    /** Reports {@code lines} messages, then returns a result of the size of a training's. */
    private static final class ReportingExecutor implements JobExecutor {
        @Override
        public String describe(JobSpec spec) {
            return "benchmark unit " + spec.request().path("index").asInt();
        }

        @Override
        public JsonNode run(JobSpec spec, boolean resumed, ProgressListener progress) {
            int lines = spec.request().path("lines").asInt();
            for (int i = 0; i < lines; i++) {
                progress.message("epoch line " + i + ": train loss 0.1234, val loss 0.2345, pseudo Dice [0.9012]");
            }
            if (lines > 0) {
                progress.epochDone(new EpochReport(0, 1, 0.12, 0.23, new double[] {0.9}, 0.9, 0.01, 1.0, true));
            }
            return new ObjectMapper().createObjectNode().put("fold_folder", "/data/nnUNet_results/Dataset001_Cells/"
                    + "nnUNetTrainer__nnUNetPlans__2d/fold_0").put("epochs", 50).put("finished", true)
                    .put("best_ema_pseudo_dice", 0.97).put("final_ema_pseudo_dice", 0.96);
        }
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        int[] workerCounts = {1, 4, 16};
        int[] lineCounts = {0, 20};
        int unitsPerJob = 50;
        StringBuilder table = new StringBuilder();
        for (int lines : lineCounts) {
            for (int workers : workerCounts) {
                double[] result = run(workers, unitsPerJob, lines);
                String row = String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.0f | %.1f |%n", workers,
                        JOBS * unitsPerJob, lines, result[0], result[1], result[2]);
                System.out.print(row);
                table.append(row);
            }
        }
        double[] bytes = messageBytes();
        String markdown = String.format(Locale.ROOT, """
                ## Cluster dispatch: units per second through the head

                `bash benchmarks/scale-out.sh`: a head with its embedded ActiveMQ Artemis broker and workers in one
                JVM, each worker on its own TCP connection on loopback; %d jobs of %d units each, dispatched at once;
                a unit does no work but reports like a real one (STARTED, its lines, an epoch when it has lines, the
                FINISHED report acknowledged with it in one transaction); the head writes its record of the job before
                it acknowledges a report. Machine: %s.

                | workers | units | lines per unit | units/s | reports/s at the head | worker ms per unit |
                | --- | --- | --- | --- | --- | --- |
                %s
                Bytes on the wire (message bodies, JSON): a training unit %.0f, a prediction batch of 4 cases %.0f, a
                STARTED report %.0f, a log line %.0f, an epoch %.0f, a training's FINISHED report %.0f, a heartbeat %.0f.
                """, JOBS, unitsPerJob, BenchmarkReport.machine(), table, bytes[0], bytes[1], bytes[2], bytes[3],
                bytes[4], bytes[5], bytes[6]);
        BenchmarkReport.writeSection(report, "cluster-dispatch", markdown);
        System.out.println(markdown);
    }

    /** Units per second, reports per second, and the milliseconds a worker spends per unit. */
    private static double[] run(int workers, int unitsPerJob, int lines) throws Exception {
        Path data = Files.createTempDirectory("jnnunet-dispatch");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<AutoCloseable> open = new ArrayList<>();
        try {
            ClusterSettings head = settings("head", List.of("head"), port, data.resolve("head"));
            EmbeddedBroker broker = EmbeddedBroker.start(head);
            open.add(broker);
            NodeTable nodes = new NodeTable(head.timeoutSeconds());
            UnitDispatcher dispatcher = new UnitDispatcher(head, new ReportingExecutor(), broker, nodes, new Wire());
            open.add(dispatcher);
            for (int w = 0; w < workers; w++) {
                ClusterSettings settings = settings("w" + w, List.of("worker"), port, data.resolve("w" + w));
                UnitWorker worker = new UnitWorker(settings, settings.brokerUrl(), new ReportingExecutor(), new Wire());
                worker.start();
                open.add(worker);
                nodes.heard(new ClusterNode(settings.node(), settings.roles(), "cpu", null, 0, Instant.now(),
                        Instant.now(), false));
            }
            Thread.sleep(1000);
            ObjectMapper json = new ObjectMapper();
            long start = System.nanoTime();
            List<CompletableFuture<List<JsonNode>>> jobs = new ArrayList<>();
            int[] reports = new int[1];
            for (int j = 0; j < JOBS; j++) {
                List<JobSpec> units = new ArrayList<>();
                for (int u = 0; u < unitsPerJob; u++) {
                    ObjectNode request = json.createObjectNode().put("index", u).put("lines", lines);
                    units.add(new JobSpec("benchmark", 1, request));
                }
                jobs.add(dispatcher.dispatch(Integer.toString(j + 1), units, false, new ProgressListener() {
                    @Override
                    public void message(String line) {
                        synchronized (reports) {
                            reports[0]++;
                        }
                    }
                }).toCompletableFuture());
            }
            for (CompletableFuture<List<JsonNode>> job : jobs) {
                job.get(10, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int units = JOBS * unitsPerJob;
            // each unit: STARTED, its lines, an epoch with lines, FINISHED (the listener sees every line and two of
            // the head's own per unit: started and finished)
            double reportsPerUnit = 2 + lines + (lines > 0 ? 1 : 0);
            return new double[] {units / seconds, units * reportsPerUnit / seconds, 1000 * seconds * workers / units};
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static ClusterSettings settings(String node, List<String> roles, int port, Path data) {
        return new ClusterSettings(node, roles, "tcp://127.0.0.1:" + port, true, "jnnunet", "benchmark", data, 5, 60,
                3);
    }

    /** The JSON bodies' sizes of the messages a unit makes, built as the dispatcher and the workers build them. */
    private static double[] messageBytes() throws Exception {
        Wire wire = new Wire();
        ObjectMapper json = wire.mapper();
        JobSpec train = new JobSpec("train", 1, json.readTree("{\"dataset\":\"/data/nnUNet_raw/Dataset001_Cells\","
                + "\"configuration\":\"2d\",\"fold\":\"0\",\"trainer\":\"nnUNetTrainer\",\"plans\":\"nnUNetPlans\","
                + "\"continue_training\":false,\"epochs\":null,\"iterations\":null,\"device\":null,"
                + "\"validation_only\":false,\"validate_with_best\":false,\"training_seconds\":null}"));
        JobSpec predict = new JobSpec("predict", 1, json.readTree("{\"input\":\"/data/screen/plate01\",\"output\":"
                + "\"/data/screen/plate01-masks\",\"dataset\":\"Dataset001_Cells\",\"configuration\":\"2d\","
                + "\"plans\":\"nnUNetPlans\",\"trainer\":\"nnUNetTrainer\",\"folds\":[\"0\"],\"checkpoint\":"
                + "\"checkpoint_final\",\"save_probabilities\":false,\"mirroring\":true,\"step_size\":0.5,"
                + "\"device\":null,\"instances\":\"auto\",\"continue_prediction\":false,\"workers\":2,"
                + "\"object_diameter\":null,\"cases\":[\"A01_s1\",\"A01_s2\",\"A01_s3\",\"A01_s4\"]}"));
        Unit unit = new Unit("12", 3, 5, 1, "train Dataset001_Cells 2d fold 3 (nnUNetPlans)", train);
        Unit batch = new Unit("13", 7, 50, 1, "predict /data/screen/plate01 with Dataset001_Cells 2d (nnUNetPlans),"
                + " cases A01_s1 .. A01_s4 (4)", predict);
        Report started = Report.of(Report.Kind.STARTED, unit, "node-07");
        Report line = Report.of(Report.Kind.MESSAGE, unit, "node-07").line("epoch 12/50: train loss 0.1234, val"
                + " loss 0.2345, pseudo Dice [0.9012, 0.6543], EMA 0.8765, lr 0.00781, 29.8 s per epoch");
        Report epoch = Report.of(Report.Kind.EPOCH, unit, "node-07").epoch(new EpochReport(11, 50, 0.1234, 0.2345,
                new double[] {0.9012, 0.6543}, 0.8765, 0.00781, 29.8, false));
        Report finished = Report.of(Report.Kind.FINISHED, unit, "node-07").ended(new ReportingExecutor().run(train,
                false, ProgressListener.NONE), null);
        ClusterNode heartbeat = new ClusterNode("node-07", List.of("worker"), "cpu, 2 thread(s)",
                "job 12 unit 4/5: train Dataset001_Cells 2d fold 3 (nnUNetPlans)", 17, Instant.now(), Instant.now(),
                false);
        Object[] messages = {unit, batch, started, line, epoch, finished, heartbeat};
        double[] bytes = new double[messages.length];
        for (int i = 0; i < messages.length; i++) {
            bytes[i] = json.writeValueAsBytes(messages[i]).length;
        }
        return bytes;
    }
}
