package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declaration of {@code org.jenkinsci.Symbol} (structs plugin, module {@code annotation}). The real annotation is also
 * {@code @Indexed} (annotation-indexer), which is not declared here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE})
public @interface Symbol {
    String[] value();
}
