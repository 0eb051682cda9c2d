package dev.homeport.state;

import dev.homeport.core.HomeportException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock so that overlapping runs (two cron jobs, a user and cron) never interleave. The kernel drops
 * it when the process dies, so a killed run never leaves a stale lock.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock in {@code store}'s directory, waiting up to {@code wait}.
     *
     * @throws HomeportException (LOCKED) when another run still holds it after the wait
     */
    public static RunLock acquire(StateStore store, Duration wait) {
        Path file = store.dir().resolve("homeport.lock");
        try {
            store.ensureDir();
            if (Files.isSymbolicLink(file)) {
                throw new HomeportException(HomeportException.Kind.IO, "the lock file " + file + " is a symbolic link (refused:"
                        + " homeport never follows a link for a file it creates)", "remove " + file + "; homeport recreates it");
            }
            // O_NOFOLLOW as well: a link planted between the check and the open still is not followed.
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) return new RunLock(ch, l);
                if (System.nanoTime() >= deadline) {
                    ch.close();
                    throw new HomeportException(HomeportException.Kind.LOCKED,
                            "another homeport run is in progress (lock " + file + " held for over " + wait.toSeconds() + "s)",
                            "nothing was changed; the next scheduled run will catch up");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new HomeportException(HomeportException.Kind.IO, "cannot open lock file " + file + ": " + e.getMessage(),
                    "check the permissions of " + store.dir());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HomeportException(HomeportException.Kind.LOCKED, "interrupted while waiting for the lock " + file);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the kernel releases it on exit anyway
        }
    }
}
