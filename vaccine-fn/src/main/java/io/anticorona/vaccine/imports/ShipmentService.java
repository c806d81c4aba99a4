package io.anticorona.vaccine.imports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.anticorona.vaccine.service.Vaccine;
import io.anticorona.vaccine.service.VaccineService;

/** Applies one shipment with its stock change and its event, all in one transaction, or not at all. */
@ApplicationScoped
public class ShipmentService {

    public enum Outcome {
        /** Its doses were added to a known vaccine (StockAdded). */
        STOCK_ADDED,
        /** Its vaccine was unknown and is now registered with its doses (VaccineRegistered). */
        REGISTERED,
        /** It was applied before; nothing changed. */
        DUPLICATE
    }

    /** Records the shipment unless it is recorded already; waits for a concurrent import of it to finish first. */
    private static final String RECORD = """
            insert into shipment (shipment_id, vaccine_id, quantity, applied_at) values (?1, ?2, ?3, now())
            on conflict (shipment_id) do nothing""";

    private final VaccineService vaccines;

    public ShipmentService(VaccineService vaccines) {
        this.vaccines = vaccines;
    }

    /**
     * Throws a ProblemException when the shipment cannot be applied (the stock limit), and a persistence exception
     * when a concurrent import registered its vaccine first; either way nothing of it is kept.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Outcome apply(ShipmentLine line) {
        if (Shipment.findById(line.shipmentId()) != null) {
            return Outcome.DUPLICATE;
        }
        Vaccine known = Vaccine.findByName(line.vaccineName());
        Vaccine vaccine = known == null
                ? vaccines.register(line.vaccineName(), line.quantity())
                : vaccines.addStock(known.id, line.quantity());
        int recorded = Shipment.getEntityManager().createNativeQuery(RECORD)
                .setParameter(1, line.shipmentId()).setParameter(2, vaccine.id).setParameter(3, line.quantity())
                .executeUpdate();
        if (recorded == 0) {
            // A concurrent import applied it first; this transaction's stock change and event roll back.
            throw new AlreadyApplied(line.shipmentId());
        }
        return known == null ? Outcome.REGISTERED : Outcome.STOCK_ADDED;
    }

    /** The shipment was applied by a concurrent import while this one was applying it too. */
    public static class AlreadyApplied extends RuntimeException {

        AlreadyApplied(String shipmentId) {
            super("Shipment " + shipmentId + " was applied concurrently");
        }
    }
}
