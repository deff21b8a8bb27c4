package io.jnnunet.cluster.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.formats.NnunetJson;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * The broker's addresses and the messages on them: every body is one JSON document, in nnU-Net's JSON rules (the
 * same mapper reads a job's spec on every node).
 */
final class Wire {

    /** The units of jobs, a queue with competing consumers: each unit goes to one worker. Durable. */
    static final String UNITS = "jnnunet.units";
    /** Where units go that were delivered {@code max.attempts} times without an end (their workers died). */
    static final String DEAD_UNITS = "jnnunet.units.dead";
    /** What workers tell the head of their units: started, progress, lines, epochs, the end. Durable. */
    static final String REPORTS = "jnnunet.reports";
    /** Every node's heartbeat, to each subscriber (the head). */
    static final String HEARTBEATS = "jnnunet.heartbeats";
    /** The head's orders to every worker (cancel a job). */
    static final String CONTROL = "jnnunet.control";

    /** Unit message properties, for filters and management. */
    static final String JOB = "job";
    static final String EXCLUDED = "excluded";
    /** Session metadata: the node a connection belongs to. */
    static final String NODE_METADATA = "jnnunet-node";

    private final ObjectMapper mapper = new NnunetJson().mapper();

    ClientMessage message(ClientSession session, boolean durable, Object body) {
        ClientMessage message = session.createMessage(durable);
        try {
            message.getBodyBuffer().writeString(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        return message;
    }

    /** @throws ActiveMQException naming the message's type when its body does not fit */
    <T> T read(ClientMessage message, Class<T> type) throws ActiveMQException {
        String body = message.getBodyBuffer().readString();
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ActiveMQException("a message on " + message.getAddress() + " is not a "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
