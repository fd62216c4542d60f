package io.aicockpit.worker.volume;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each workspace volume is an ext4 file system in a sparse image file {@code <directory>/<name>.img}, attached to
 * a loop device and mounted by Docker's {@code local} driver ({@code type=ext4}). The volume names its device
 * through the symlink {@code <directory>/<name>.dev}, never a {@code /dev/loopN} directly: loop numbers are handed
 * out again after a reboot, so the worker re-attaches every image at start-up ({@link #reattachAll}) and checks
 * again on each START (the device's backing file, never the link's old target) before re-pointing the link.
 * A volume made before this mode (no such device option) is kept as it is.
 */
public final class LoopExt4WorkspaceVolumes implements WorkspaceVolumes {
    /** The volume's size in bytes, as asked for when it was made. */
    public static final String LABEL_SIZE = "io.aicockpit.volume-size";

    private static final Logger log = LoggerFactory.getLogger(LoopExt4WorkspaceVolumes.class);
    private static final Path SYS_BLOCK = Path.of("/sys/block");

    private final DockerClient docker;
    private final WorkspaceVolumeProperties props;
    private final HostCommands host;

    public LoopExt4WorkspaceVolumes(DockerClient docker, WorkspaceVolumeProperties props) {
        this.docker = docker;
        this.props = props;
        this.host = new HostCommands(props.commandTimeout());
    }

    @Override
    public VolumeMode mode() {
        return VolumeMode.LOOP_EXT4;
    }

    /** The sparse image file holding the volume's file system. */
    public Path image(String name) {
        return props.directory().resolve(name + ".img");
    }

    /** The symlink naming the loop device the image is attached to; the Docker volume's {@code device}. */
    public Path deviceLink(String name) {
        return props.directory().resolve(name + ".dev");
    }

    @Override
    public synchronized void ensure(String name, Map<String, String> labels, Long requestedBytes,
                                    Consumer<InspectVolumeResponse> owner) {
        Optional<InspectVolumeResponse> existing = PlainWorkspaceVolumes.DockerVolumes.find(docker, name);
        if (existing.isPresent()) {
            owner.accept(existing.get());
            if (isLoopBacked(existing.get(), name)) {
                attach(name);
            } else {
                log.atDebug().addKeyValue("volume", name).log("plain volume from before loop-ext4 mode kept as is");
            }
            return;
        }
        long size = size(requestedBytes);
        if (!Files.exists(image(name))) {
            makeFileSystem(name, size);
        }
        attach(name);
        Map<String, String> volumeLabels = new HashMap<>(labels);
        volumeLabels.put(LABEL_SIZE, Long.toString(size));
        try {
            docker.createVolumeCmd().withName(name).withDriver("local")
                    .withDriverOpts(Map.of("type", "ext4", "device", deviceLink(name).toString()))
                    .withLabels(volumeLabels).exec();
            log.atInfo().addKeyValue("volume", name).addKeyValue("sizeBytes", size)
                    .log("workspace volume created (loop-backed ext4)");
        } catch (ConflictException createdMeanwhile) {
            owner.accept(PlainWorkspaceVolumes.DockerVolumes.find(docker, name).orElseThrow(
                    () -> new WorkspaceVolumeException("volume " + name + " disappeared while it was being created")));
        }
    }

    /**
     * Attaches every image in the directory that no loop device holds and re-points its link; run at start-up,
     * before any action, so after a reboot no link is left naming a loop device that now holds another image.
     * An image that cannot be attached is logged and left for its next START to report.
     */
    public synchronized void reattachAll() {
        if (!Files.isDirectory(props.directory())) {
            return;
        }
        List<String> names;
        try (Stream<Path> files = Files.list(props.directory())) {
            names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".img"))
                    .map(f -> f.substring(0, f.length() - ".img".length())).sorted().toList();
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot list " + props.directory() + ": " + e.getMessage(), e);
        }
        for (String name : names) {
            try {
                attach(name);
            } catch (WorkspaceVolumeException e) {
                log.atWarn().addKeyValue("volume", name).addKeyValue("error", e.getMessage())
                        .log("workspace volume not re-attached");
            }
        }
    }

    @Override
    public synchronized void release(String name) {
        Path image = image(name);
        for (String device : loopDevicesOf(image)) {
            host.run("losetup", "-d", device);
            log.atInfo().addKeyValue("volume", name).addKeyValue("device", device).log("loop device detached");
        }
        try {
            Files.deleteIfExists(deviceLink(name));
            Files.deleteIfExists(sibling(image, ".new"));
            if (Files.deleteIfExists(image)) {
                log.atInfo().addKeyValue("volume", name).log("workspace volume image deleted");
            }
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot delete the image of volume " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<WorkspaceDiskUsage> usage(String name) {
        Optional<InspectVolumeResponse> found = PlainWorkspaceVolumes.DockerVolumes.find(docker, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        InspectVolumeResponse volume = found.get();
        boolean mounted = PlainWorkspaceVolumes.DockerVolumes.isMounted(volume);
        if (!isLoopBacked(volume, name)) {
            return Optional.of(new WorkspaceDiskUsage(VolumeMode.PLAIN.label(), null, null, null, mounted));
        }
        try {
            long limit = Files.size(image(name));
            long free;
            long available;
            if (mounted) {
                FileStore store = Files.getFileStore(Path.of(volume.getMountpoint()));
                free = store.getUnallocatedSpace();
                available = store.getUsableSpace();
            } else {
                // not mounted, so the superblock's counters are current
                Map<String, Long> superblock = superblock(image(name));
                long blockSize = superblock.get("Block size");
                free = superblock.get("Free blocks") * blockSize;
                available = Math.max(0, superblock.get("Free blocks") - superblock.getOrDefault("Reserved block count", 0L))
                        * blockSize;
            }
            return Optional.of(new WorkspaceDiskUsage(VolumeMode.LOOP_EXT4.label(), limit, Math.max(0, limit - free),
                    available, mounted));
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot measure volume " + name + ": " + e.getMessage(), e);
        }
    }

    private boolean isLoopBacked(InspectVolumeResponse volume, String name) {
        Map<String, String> options = volume.getOptions();
        return options != null && deviceLink(name).toString().equals(options.get("device"));
    }

    private long size(Long requestedBytes) {
        long size = requestedBytes == null ? props.defaultSize().toBytes() : requestedBytes;
        if (size < WorkspaceVolumeProperties.MIN_SIZE_BYTES) {
            throw new WorkspaceVolumeException("a workspace volume needs at least "
                    + (WorkspaceVolumeProperties.MIN_SIZE_BYTES >> 20) + " MiB; asked for " + size + " bytes");
        }
        if (size > props.maxSize().toBytes()) {
            throw new WorkspaceVolumeException("a workspace volume of " + size + " bytes exceeds this node's maximum of "
                    + props.maxSize().toBytes() + " bytes");
        }
        return size;
    }

    /**
     * Builds the file system in a temporary file and renames it into place, so a worker killed halfway leaves no
     * image that looks finished. {@code -m 0}: no blocks reserved for root, the user gets the whole quota.
     */
    private void makeFileSystem(String name, long size) {
        Path image = image(name);
        Path fresh = sibling(image, ".new");
        try {
            Files.createDirectories(props.directory());
            Files.deleteIfExists(fresh);
            Files.createFile(fresh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (RandomAccessFile file = new RandomAccessFile(fresh.toFile(), "rw")) {
                file.setLength(size);
            }
            host.run("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "root_owner=" + props.owner(), fresh.toString());
            try {
                // an empty /workspace as with a plain volume; a root-only lost+found would only confuse the user
                host.run("debugfs", "-w", "-R", "rmdir lost+found", fresh.toString());
            } catch (WorkspaceVolumeException e) {
                log.atDebug().addKeyValue("volume", name).addKeyValue("error", e.getMessage()).log("lost+found kept");
            }
            Files.move(fresh, image, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot create the image of volume " + name + " in "
                    + props.directory() + ": " + e.getMessage(), e);
        }
    }

    /** Attaches the image unless a loop device already holds it, and points the device link at that device. */
    private void attach(String name) {
        Path image = image(name);
        if (!Files.exists(image)) {
            throw new WorkspaceVolumeException("the image " + image + " of volume " + name
                    + " is missing, so the workspace's files are gone; delete the workspace");
        }
        List<String> attached = loopDevicesOf(image);
        String device;
        if (attached.isEmpty()) {
            device = host.run("losetup", "-f", "--show", image.toString()).strip();
            log.atInfo().addKeyValue("volume", name).addKeyValue("device", device).log("loop device attached");
        } else {
            device = attached.getFirst();
        }
        pointLink(deviceLink(name), Path.of(device));
    }

    private static void pointLink(Path link, Path device) {
        try {
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(device)) {
                return;
            }
            Path fresh = sibling(link, ".new");
            Files.deleteIfExists(fresh);
            Files.createSymbolicLink(fresh, device);
            Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot point " + link + " at " + device + ": " + e.getMessage(), e);
        }
    }

    /** The loop devices whose backing file is {@code image}, read from sysfs (no output format to parse). */
    public List<String> loopDevicesOf(Path image) {
        Path target;
        try {
            target = image.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> devices = Files.list(SYS_BLOCK)) {
            return devices.filter(d -> d.getFileName().toString().startsWith("loop"))
                    .filter(d -> backingFile(d).map(target.toString()::equals).orElse(false))
                    .map(d -> "/dev/" + d.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> backingFile(Path sysDevice) {
        try {
            return Optional.of(Files.readString(sysDevice.resolve("loop/backing_file")).strip());
        } catch (IOException notAttached) {
            return Optional.empty();
        }
    }

    private Map<String, Long> superblock(Path image) {
        Map<String, Long> values = new HashMap<>();
        for (String line : host.run("dumpe2fs", "-h", image.toString()).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String value = line.substring(colon + 1).strip();
                if (value.matches("\\d+")) {
                    values.put(line.substring(0, colon).strip(), Long.parseLong(value));
                }
            }
        }
        if (!values.containsKey("Block size") || !values.containsKey("Free blocks")) {
            throw new WorkspaceVolumeException("dumpe2fs -h " + image + " named no block size or free blocks");
        }
        return values;
    }

    private static Path sibling(Path path, String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }
}
