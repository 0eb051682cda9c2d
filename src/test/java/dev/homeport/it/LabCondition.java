package dev.homeport.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a whole lab IT class, with the reason, when the lab cannot run here. Evaluated before {@code @BeforeAll},
 * so every test of the class is reported as skipped: an assumption failing inside {@code @BeforeAll} would make
 * failsafe report the class as zero tests, which hides it. Registered for every test class by extension
 * autodetection (see the failsafe configuration in pom.xml); applies to {@code dev.homeport.it.*IT} only.
 */
public final class LabCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean labTestClass = context.getTestClass()
                .filter(c -> c.getPackageName().equals(LabCondition.class.getPackageName()) && c.getSimpleName().endsWith("IT"))
                .filter(c -> !c.isAnnotationPresent(LabFree.class))
                .isPresent();
        if (!labTestClass || context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("not a lab IT class");
        }
        return Lab.unavailableReason()
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("the lab can run here"));
    }
}
