package io.anticorona.vaccine.imports;

/** A valid row of a shipment file: this many doses of this vaccine arrived in this shipment. */
public record ShipmentLine(String shipmentId, String vaccineName, int quantity) {
}
