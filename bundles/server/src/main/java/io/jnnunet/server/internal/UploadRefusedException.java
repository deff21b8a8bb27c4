package io.jnnunet.server.internal;

/** An upload the server refuses, with the HTTP status that says why. */
public class UploadRefusedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why, as an HTTP status. */
    public enum Reason {
        /** Malformed or unsafe: not a zip, an entry escaping its folder, no dataset or a wrong name. */
        BAD_REQUEST(400),
        /** A dataset of that name or id is already there. */
        CONFLICT(409),
        /** More bytes or entries than the server accepts. */
        PAYLOAD_TOO_LARGE(413);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public UploadRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return reason.status();
    }
}
