package dev.hyperforge.engine.layers;

import java.util.Collection;

/**
 * Service-provider interface through which a plug-in jar adds layer types. The engine finds every
 * implementation on the class path with {@link java.util.ServiceLoader} the first time a layer is looked
 * up by name, and registers each listed class under its simple name (the name its {@link Layer#type()}
 * must return). Each class needs {@code public static Layer fromConfig(Map<String, Object> args)}, as the
 * built-ins have.
 *
 * <p>A jar declares its provider in {@code META-INF/services/dev.hyperforge.engine.layers.LayerProvider}
 * (one class name a line):
 *
 * <pre>{@code
 * public final class MyLayers implements LayerProvider {
 *     public Collection<Class<? extends Layer>> layers() {
 *         return List.of(Scale.class);
 *     }
 * }
 * }</pre>
 */
public interface LayerProvider {
    /** The layer classes this provider adds. */
    Collection<Class<? extends Layer>> layers();
}
