import type { Incident } from '../../../shared/domain/incident.ts';
import type { IncidentPoints } from './layers.ts';

export function incidentPoints(incidents: readonly Incident[], freshIds: readonly string[], selectedId: string | null): IncidentPoints {
  const fresh = new Set(freshIds);
  return {
    type: 'FeatureCollection',
    features: incidents.map((incident) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
      properties: {
        id: incident.id,
        status: incident.status,
        fresh: fresh.has(incident.id),
        selected: incident.id === selectedId,
      },
    })),
  };
}
