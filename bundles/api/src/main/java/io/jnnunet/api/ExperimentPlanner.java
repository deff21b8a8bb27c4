package io.jnnunet.api;

/**
 * An experiment planner: turns a fingerprint into plans. Registered as a service with the property
 * {@value #NAME}; the default is nnU-Net's {@code ExperimentPlanner} (plans {@code nnUNetPlans}).
 */
public interface ExperimentPlanner {

    /** Service property: the planner's name, as given to {@code nnunet:plan --planner}. */
    String NAME = "planner.name";

    String name();

    /** One line for {@code nnunet:planners}. */
    String description();

    /** The plans name written when the request names none, e.g. {@code nnUNetPlans}. */
    String defaultPlansName(PlanningRequest request);

    /**
     * Plans every configuration the planner's rules create.
     *
     * @throws IllegalArgumentException when the request cannot be planned (e.g. no cases), naming why
     */
    Plans plan(PlanningRequest request);
}
