/**
 * Users' own classes in jars: the plug-in class path ({@code HF_CLASSPATH}, {@code hf --classpath}) and
 * {@link java.util.ServiceLoader} look-ups through it, for data loaders and callbacks named in experiment files.
 *
 * <pre>{@code
 * Plugins.addClasspath("build/my-loaders.jar");
 * List<DataLoader> mine = Plugins.load(DataLoader.class);
 * }</pre>
 */
package dev.hyperforge.experiments.plugins;
