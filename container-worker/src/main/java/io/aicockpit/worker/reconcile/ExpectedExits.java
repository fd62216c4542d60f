package io.aicockpit.worker.reconcile;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Containers this node is stopping or removing on purpose. The action executor registers a container before its
 * STOP or DELETE and forgets it when it starts the container again, so the reconciler does not report the exit it
 * caused. Lost on restart: then command-side's rule (an exit of a workspace that is not RUNNING is no crash)
 * still keeps a stop from becoming a crash.
 */
@Component
public class ExpectedExits {
    private final Set<String> containers = ConcurrentHashMap.newKeySet();

    /** The next exit of this container is the node's own doing. */
    public void expect(String containerId) {
        containers.add(containerId);
    }

    /** The container runs again at the node's request: a later exit is news. */
    public void forget(String containerId) {
        containers.remove(containerId);
    }

    boolean isExpected(String containerId) {
        return containers.contains(containerId);
    }

    void retainOnly(Set<String> existing) {
        containers.retainAll(existing);
    }
}
