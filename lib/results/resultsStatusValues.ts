// The statuses an admin may give the published results (after NIST SP 1500-100's ResultsStatus). Pure: shared by
// the server and the admin console.
export const RESULTS_STATUSES = ['test', 'unofficial-partial', 'unofficial-complete', 'certified'] as const;
export type ResultsStatusValue = (typeof RESULTS_STATUSES)[number];
