package dev.uniformpipeline.core.spec.v1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The component is null when the key is not written. Without this annotation an absent nested section is
 * built from an empty map (so its defaults apply), an absent list is empty and an absent map is empty.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Nullable {
}
