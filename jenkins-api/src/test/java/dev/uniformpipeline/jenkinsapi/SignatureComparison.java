package dev.uniformpipeline.jenkinsapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares a declared type (from this module) with the real type of the same binary name (loaded from the real jar
 * by another class loader), by reflection and by name only, so that classes from two loaders can be compared.
 *
 * <p>What must be identical: kind (class, interface, annotation, enum), class modifiers, type parameters with bounds,
 * for annotation types their {@code @Retention}, {@code @Target}, {@code @Documented}, {@code @Inherited}; and for every
 * public or protected method and field the declaration has, the real type must declare one with the same name and
 * parameter types, and then the same {@code toGenericString()} (modifiers, generic return type, throws clause).
 * Every supertype the declaration names must be a supertype of the real type. With {@code complete}, the reverse holds
 * as well: no real supertype, public/protected method or field may be missing from the declaration.
 */
final class SignatureComparison {

    private static final int CLASS_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE
            | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL | Modifier.INTERFACE;

    private SignatureComparison() {
    }

    /** The differences, one line each, naming the member and both sides; empty when the declaration mirrors. */
    static List<String> differences(Class<?> declared, Class<?> real, boolean complete) {
        List<String> out = new ArrayList<>();
        same(out, "kind", kind(declared), kind(real));
        same(out, "class modifiers", Modifier.toString(declared.getModifiers() & CLASS_MODIFIERS),
                Modifier.toString(real.getModifiers() & CLASS_MODIFIERS));
        same(out, "type parameters", typeParameters(declared.getTypeParameters()),
                typeParameters(real.getTypeParameters()));
        if (declared.isAnnotation() || real.isAnnotation()) {
            same(out, "@Retention", retention(declared), retention(real));
            same(out, "@Target", targets(declared), targets(real));
            same(out, "@Documented", declared.isAnnotationPresent(Documented.class),
                    real.isAnnotationPresent(Documented.class));
            same(out, "@Inherited", declared.isAnnotationPresent(Inherited.class),
                    real.isAnnotationPresent(Inherited.class));
        }

        Set<String> declaredSupers = supertypes(declared);
        Set<String> realSupers = supertypes(real);
        for (String s : declaredSupers) {
            if (!realSupers.contains(s)) {
                out.add("supertype " + s + ": declared, but the real type's supertypes are " + realSupers);
            }
        }
        if (complete) {
            for (String s : realSupers) {
                if (!declaredSupers.contains(s)) {
                    out.add("supertype " + s + ": real, not declared");
                }
            }
        }

        compareMembers(out, "method", methods(declared), methods(real), complete);
        compareMembers(out, "field", fields(declared), fields(real), complete);
        return out;
    }

    private static void compareMembers(List<String> out, String what, Map<String, String> declared,
            Map<String, String> real, boolean complete) {
        declared.forEach((key, declaredSignature) -> {
            String realSignature = real.get(key);
            if (realSignature == null) {
                out.add(what + " " + key + ": declared as '" + declaredSignature + "', absent from the real type");
            } else if (!realSignature.equals(declaredSignature)) {
                out.add(what + " " + key + ": declared '" + declaredSignature + "', real '" + realSignature + "'");
            }
        });
        if (complete) {
            real.forEach((key, realSignature) -> {
                if (!declared.containsKey(key)) {
                    out.add(what + " " + key + ": real '" + realSignature + "', not declared");
                }
            });
        }
    }

    private static void same(List<String> out, String what, Object declared, Object real) {
        if (!declared.equals(real)) {
            out.add(what + ": declared '" + declared + "', real '" + real + "'");
        }
    }

    private static String kind(Class<?> c) {
        if (c.isAnnotation()) {
            return "annotation";
        }
        if (c.isInterface()) {
            return "interface";
        }
        if (c.isEnum()) {
            return "enum";
        }
        if (c.isRecord()) {
            return "record";
        }
        return "class";
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        return Arrays.stream(variables)
                .map(v -> v.getName() + " extends " + Arrays.stream(v.getBounds()).map(Type::getTypeName)
                        .collect(Collectors.joining(" & ")))
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String retention(Class<?> c) {
        Retention r = c.getAnnotation(Retention.class);
        return r == null ? "(none: CLASS)" : r.value().name();
    }

    private static String targets(Class<?> c) {
        Target t = c.getAnnotation(Target.class);
        return t == null ? "(none)" : Arrays.stream(t.value()).map(ElementType::name).sorted().toList().toString();
    }

    private static Set<String> supertypes(Class<?> c) {
        Set<String> out = new LinkedHashSet<>();
        Type superclass = c.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !c.isEnum()) {
            out.add(superclass.getTypeName());
        }
        for (Type i : c.getGenericInterfaces()) {
            out.add(i.getTypeName());
        }
        return out;
    }

    private static boolean visible(Member m) {
        return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
    }

    private static Map<String, String> methods(Class<?> c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m) && !m.isBridge()) {
                String key = m.getName() + Arrays.stream(m.getGenericParameterTypes()).map(Type::getTypeName)
                        .collect(Collectors.joining(", ", "(", ")"));
                out.put(key, m.toGenericString());
            }
        }
        return out;
    }

    private static Map<String, String> fields(Class<?> c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f)) {
                out.put(f.getName(), f.toGenericString());
            }
        }
        return out;
    }
}
