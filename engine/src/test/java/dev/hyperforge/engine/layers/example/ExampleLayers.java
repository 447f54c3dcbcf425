package dev.hyperforge.engine.layers.example;

import java.util.Collection;
import java.util.List;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerProvider;

/**
 * Adds {@link Scale} to the registry from the class path, as a plug-in jar would: listed in
 * {@code META-INF/services/dev.hyperforge.engine.layers.LayerProvider} of the test resources.
 */
public final class ExampleLayers implements LayerProvider {
    @Override
    public Collection<Class<? extends Layer>> layers() {
        return List.of(Scale.class);
    }
}
