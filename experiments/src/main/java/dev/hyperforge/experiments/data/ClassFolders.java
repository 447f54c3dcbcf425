package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class, as Keras' {@code image_dataset_from_directory} and
 * {@code text_dataset_from_directory} read it: the class names are the sub-folder names in sorted order
 * (class id = position), and each class holds the files below its folder (sub-folders included) whose
 * extension fits, in sorted order of their relative names. Hidden files (a name starting with a dot) are
 * skipped; any other file with another extension is an error naming it, as are a missing folder, fewer than
 * two classes and a class without files.
 *
 * <pre>{@code
 * ClassFolders f = ClassFolders.scan("images", Path.of("photos"), Path.of("photos"), Set.of("png", "jpg"));
 * f.classNames();   // [cat, dog]
 * }</pre>
 */
final class ClassFolders {
    /** One file: its class id, its name relative to the root ({@code cat/1.png}) and where it is. */
    record Item(int label, String name, Path path) {
    }

    private final List<String> classNames;
    private final List<Item> items;
    private final String shown;

    private ClassFolders(List<String> classNames, List<Item> items, String shown) {
        this.classNames = List.copyOf(classNames);
        this.items = List.copyOf(items);
        this.shown = shown;
    }

    /**
     * Scans a class-folder tree.
     *
     * @param loader the loader's name, for messages
     * @param given the folder as the user wrote it (shown in messages)
     * @param root the folder resolved against the experiment file's folder
     * @param extensions accepted lower-case extensions without the dot
     * @throws IllegalArgumentException naming the folder or file at fault
     */
    static ClassFolders scan(String loader, Path given, Path root, Set<String> extensions) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException(loader + ": folder " + given + " does not exist (resolved to " + root.toAbsolutePath() + ")");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(loader + ": " + given + " is not a folder; " + loader + " needs a folder with one sub-folder per class");
        }
        List<String> classes = subfolders(loader, given, root);
        if (classes.size() < 2) {
            throw new IllegalArgumentException(loader + ": folder " + given + (classes.isEmpty() ? " has no class sub-folders"
                    : " has only one class sub-folder ('" + classes.get(0) + "')") + "; a classifier needs one sub-folder per class, at least two");
        }
        List<Item> items = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Item> found = files(loader, given, root, classes.get(c), c, extensions);
            if (found.isEmpty()) {
                throw new IllegalArgumentException(loader + ": class folder " + given.resolve(classes.get(c)) + " holds no " + describe(extensions)
                        + " files; remove the folder or add examples of class '" + classes.get(c) + "'");
            }
            items.addAll(found);
        }
        return new ClassFolders(classes, items, given.toString());
    }

    private static List<String> subfolders(String loader, Path given, Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(loader + ": cannot list folder " + given + ": " + e.getMessage(), e);
        }
    }

    private static List<Item> files(String loader, Path given, Path root, String cls, int label, Set<String> extensions) {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root.resolve(cls))) {
            paths = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(loader + ": cannot list class folder " + given.resolve(cls) + ": " + e.getMessage(), e);
        }
        List<Item> out = new ArrayList<>();
        for (Path p : paths) {
            String name = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
            if (!extensions.contains(extension(name))) {
                throw new IllegalArgumentException(loader + ": " + given.resolve(name) + " is not a " + describe(extensions)
                        + " file; move it out of the class folders");
            }
            out.add(new Item(label, name, p));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot < name.lastIndexOf('/') ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String describe(Set<String> extensions) {
        return String.join("/", extensions.stream().sorted().map(e -> "." + e).toList());
    }

    /** The class names, sorted (class id = index). */
    List<String> classNames() {
        return classNames;
    }

    /** The files, class by class, each class's files in sorted order. */
    List<Item> items() {
        return items;
    }

    /** The file as the user would write it ({@code photos/cat/1.png}). */
    String shown(Item item) {
        return Path.of(shown).resolve(item.name()).toString();
    }

    /** The bytes of a file, or an error naming it. */
    byte[] read(String loader, Item item) {
        try {
            return Files.readAllBytes(item.path());
        } catch (IOException e) {
            throw new IllegalArgumentException(loader + ": cannot read " + shown(item) + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }
}
