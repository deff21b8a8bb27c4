package io.jnnunet.api.workflow;

/**
 * A model zip that {@link ModelExchangeWorkflow#install} refuses, with the file inside it that is at fault and what
 * kind of problem it is (the server answers each with its own status).
 */
public class ModelZipException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the zip. */
    public enum Problem {
        /** An entry that could lead out of {@code nnUNet_results}, or lies outside a dataset folder. */
        UNSAFE,
        /** Not a readable zip, or an entry whose bytes differ from its CRC-32 or its listed sha256. */
        DAMAGED,
        /** A model folder without dataset.json, plans.json or a fold checkpoint, or no model folder at all. */
        INCOMPLETE,
        /** A model folder of that name is installed already. */
        INSTALLED,
        /** More bytes unpacked than the request allows. */
        TOO_LARGE
    }

    private final Problem problem;
    private final String entry;

    /**
     * @param entry the path inside the zip at fault, or {@code null} when it is the zip as a whole
     */
    public ModelZipException(Problem problem, String entry, String message) {
        super(message);
        this.problem = problem;
        this.entry = entry;
    }

    public Problem problem() {
        return problem;
    }

    /** The path inside the zip at fault, or {@code null}. */
    public String entry() {
        return entry;
    }
}
