package io.anticorona.mypage.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.anticorona.mypage.service.MyPage;
import io.anticorona.mypage.service.MyPageService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * This instance's open My Pages. {@link ChangeListener} feeds every change into one broadcast; each open page keeps
 * the changes that concern it ({@link PageInterest}) and reads itself again. While a read runs, further changes
 * collapse into one (only the latest is kept), so a burst of events costs a page a read or two, never a queue.
 */
@ApplicationScoped
public class MyPageStreams {

    private final BroadcastProcessor<PageChange> changes = BroadcastProcessor.create();
    private final AtomicInteger open = new AtomicInteger();
    private final MyPageService pages;

    public MyPageStreams(MyPageService pages) {
        this.pages = pages;
    }

    /** From the listener thread only (a broadcast takes one producer at a time). */
    void changed(PageChange change) {
        changes.onNext(change);
    }

    /**
     * The customer's page now, then again after every change that concerns it, until the subscriber cancels (the
     * client went away), which also ends its share of the broadcast. The caller checks access first.
     */
    public Multi<MyPage> pages(String customerId) {
        PageInterest interest = new PageInterest(customerId);
        // The broadcast is subscribed to before the first read, so no change slips between the two.
        Multi<PageChange> triggers = Multi.createBy().merging().streams(
                changes.filter(interest::concerns),
                Multi.createFrom().item(PageChange.EVERYTHING));
        return triggers.onOverflow().dropPreviousItems()
                .onItem().transformToUniAndConcatenate(change -> read(customerId).invoke(interest::saw))
                .onSubscription().invoke(open::incrementAndGet)
                .onTermination().invoke(open::decrementAndGet);
    }

    /** How many pages are open on this instance. */
    public int open() {
        return open.get();
    }

    private Uni<MyPage> read(String customerId) {
        return Uni.createFrom().item(() -> pages.read(customerId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5);
    }
}
