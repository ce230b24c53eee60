package cn.libscore;

import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * One native object and who still uses it. It is freed exactly once, when
 * its owner has been closed (or collected: the Cleaner is a safety net)
 * and no call in flight and no dependent (a table of a ruleset, a result
 * of a table) uses it any longer. So closing a ruleset while another
 * thread evaluates it, or before the results made from it, never frees
 * memory still in use; and after close every use of the owner throws
 * IllegalStateException instead of reaching freed memory.
 */
final class NativeRef<P> {
    /** Runs the safety net of handles that were never closed. */
    static final Cleaner CLEANER = Cleaner.create();

    private final String what;
    private final Consumer<P> free;
    private final NativeRef<?>[] dependencies;
    private P pointer;
    private long users = 1; /* the owner's own reference */
    private boolean closed;

    /**
     * @param dependencies references already acquired for this object,
     *     released after it is freed
     */
    NativeRef(String what, P pointer, Consumer<P> free, NativeRef<?>... dependencies) {
        this.what = what;
        this.pointer = pointer;
        this.free = free;
        this.dependencies = dependencies;
    }

    /** The pointer, held until {@link #release()}. */
    synchronized P acquire() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
        users++;
        return pointer;
    }

    /**
     * The pointer, without the check and the hold of {@link #acquire()}:
     * only for a dependent that holds a reference on this object (a result
     * on its table), which stays valid even after the owner closes it.
     */
    synchronized P held() {
        if (pointer == null) {
            throw new IllegalStateException(what + " is freed");
        }
        return pointer;
    }

    void release() {
        P last;
        synchronized (this) {
            if (--users > 0) {
                return;
            }
            last = pointer;
            pointer = null;
        }
        try {
            free.accept(last);
        } finally {
            for (NativeRef<?> d : dependencies) {
                d.release();
            }
        }
    }

    /** Gives up the owner's reference; only the first call counts. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Throws IllegalStateException if the owner has been closed. */
    synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
    }
}
