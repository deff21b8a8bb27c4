package io.jnnunet.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.h2.Driver;

/**
 * The jobs, their state, results and whole logs in an H2 database: table {@code jobs}, one row a job with its spec and
 * result as JSON, and {@code job_lines}, every line of every job's log. Each write is one transaction. One connection,
 * by one thread at a time.
 *
 * <p>The connection comes from H2's {@link Driver} itself, not from {@code DriverManager}, which in OSGi does not see
 * the drivers of other bundles.
 */
final class JobStore implements AutoCloseable {

    /** The layout of the tables, in table {@code schema_version}; a database of a newer layout is refused. */
    static final int SCHEMA_VERSION = 1;

    /**
     * A job as stored.
     *
     * @param info the job, with the last lines of its log
     * @param interrupted whether the process stopped while it ran, so that it runs again resumed
     * @param lines the number of lines of its whole log
     */
    record Stored(JobInfo info, boolean interrupted, int lines) {
    }

    private static final String COLUMNS = "id, type, spec, description, owner, state, interrupted, progress, message,"
            + " submitted, started, finished, error, result";

    private final String url;
    private final ObjectMapper mapper;
    private final Connection connection;
    private final PreparedStatement save;
    private final PreparedStatement append;

    private JobStore(String url, ObjectMapper mapper, Connection connection) throws SQLException {
        this.url = url;
        this.mapper = mapper;
        this.connection = connection;
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // H2 writes a commit to the file up to half a second later by default: a kill -9 would lose it
            statement.execute("SET WRITE_DELAY 0");
        }
        createSchema();
        save = connection.prepareStatement("MERGE INTO jobs (" + COLUMNS + ") KEY (id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        append = connection.prepareStatement("INSERT INTO job_lines (job_id, seq, line) VALUES (?, ?, ?)");
    }

    /**
     * Opens the database, creating it and its tables where they are missing.
     *
     * @throws SQLException naming the URL when it cannot be opened or was written by a newer version
     */
    static JobStore open(String url, ObjectMapper mapper) throws SQLException {
        Connection connection;
        try {
            connection = new Driver().connect(url, new Properties());
        } catch (SQLException e) {
            throw new SQLException("cannot open the job database " + url + ": " + e.getMessage(), e.getSQLState(), e);
        }
        if (connection == null) {
            throw new SQLException("the job database " + url + " is not an H2 database: its URL must start with"
                    + " jdbc:h2:");
        }
        try {
            return new JobStore(url, mapper, connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    private void createSchema() throws SQLException {
        inTransaction(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                Integer version = null;
                try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    if (rows.next() && rows.getObject(1) != null) {
                        version = rows.getInt(1);
                    }
                }
                if (version == null) {
                    statement.execute("CREATE TABLE jobs (id BIGINT PRIMARY KEY, type VARCHAR NOT NULL,"
                            + " spec CHARACTER LARGE OBJECT NOT NULL, description VARCHAR, owner VARCHAR,"
                            + " state VARCHAR(16) NOT NULL, interrupted BOOLEAN NOT NULL,"
                            + " progress DOUBLE PRECISION NOT NULL, message CHARACTER LARGE OBJECT,"
                            + " submitted TIMESTAMP(9) WITH TIME ZONE NOT NULL, started TIMESTAMP(9) WITH TIME ZONE,"
                            + " finished TIMESTAMP(9) WITH TIME ZONE, error CHARACTER LARGE OBJECT,"
                            + " result CHARACTER LARGE OBJECT)");
                    statement.execute("CREATE TABLE job_lines (job_id BIGINT NOT NULL REFERENCES jobs (id),"
                            + " seq INTEGER NOT NULL, line CHARACTER LARGE OBJECT NOT NULL, PRIMARY KEY (job_id, seq))");
                    statement.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
                } else if (version > SCHEMA_VERSION) {
                    throw new SQLException("the job database " + url + " has schema version " + version
                            + ", newer than this jnnunet reads (" + SCHEMA_VERSION + ")");
                }
            }
        });
    }

    /** The job's row as it is now. */
    synchronized void save(JobInfo job, boolean interrupted) throws SQLException {
        inTransaction(() -> bindAndSave(job, interrupted));
    }

    /** A line of the job's log, line number {@code seq} from 0, with the job's row as it is now. */
    synchronized void append(JobInfo job, boolean interrupted, int seq, String line) throws SQLException {
        inTransaction(() -> {
            bindAndSave(job, interrupted);
            append.setLong(1, Long.parseLong(job.id()));
            append.setInt(2, seq);
            append.setString(3, line);
            append.executeUpdate();
        });
    }

    private void bindAndSave(JobInfo job, boolean interrupted) throws SQLException {
        save.setLong(1, Long.parseLong(job.id()));
        save.setString(2, job.spec().type());
        save.setString(3, json(job.spec()));
        save.setString(4, job.description());
        save.setString(5, job.owner());
        save.setString(6, job.state().name());
        save.setBoolean(7, interrupted);
        save.setDouble(8, job.progress());
        save.setString(9, job.message());
        save.setObject(10, time(job.submitted()));
        save.setObject(11, time(job.started()));
        save.setObject(12, time(job.finished()));
        save.setString(13, job.error());
        save.setString(14, job.result() == null ? null : json(job.result()));
        save.executeUpdate();
    }

    /** Every job in the order of their ids, each with the last {@code kept} lines of its log. */
    synchronized List<Stored> load(int kept) throws SQLException {
        List<Stored> jobs = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM jobs ORDER BY id");
                PreparedStatement last = connection.prepareStatement(
                        "SELECT seq, line FROM job_lines WHERE job_id = ? ORDER BY seq DESC LIMIT ?")) {
            while (rows.next()) {
                long id = rows.getLong("id");
                last.setLong(1, id);
                last.setInt(2, kept);
                List<String> lines = new ArrayList<>();
                int count = 0;
                try (ResultSet lineRows = last.executeQuery()) {
                    while (lineRows.next()) {
                        count = Math.max(count, lineRows.getInt(1) + 1);
                        lines.add(lineRows.getString(2));
                    }
                }
                Collections.reverse(lines);
                String result = rows.getString("result");
                JobInfo info = new JobInfo(Long.toString(id), read(rows.getString("spec"), JobSpec.class, id),
                        rows.getString("description"), rows.getString("owner"),
                        JobInfo.State.valueOf(rows.getString("state")), rows.getDouble("progress"),
                        rows.getString("message"), instant(rows, "submitted"), instant(rows, "started"),
                        instant(rows, "finished"), rows.getString("error"),
                        result == null ? null : read(result, JsonNode.class, id), lines);
                jobs.add(new Stored(info, rows.getBoolean("interrupted"), count));
            }
        }
        connection.commit();
        return jobs;
    }

    /** The job's whole log, oldest line first. */
    synchronized List<String> lines(String id) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT line FROM job_lines WHERE job_id = ? ORDER BY seq")) {
            statement.setLong(1, Long.parseLong(id));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
        }
        connection.commit();
        return lines;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private String json(Object value) throws SQLException {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String json, Class<T> type, long id) throws SQLException {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("job " + id + " in " + url + ": its " + type.getSimpleName() + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
