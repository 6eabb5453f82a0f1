import type { Migration } from '../migrate';
import { sql as baseRecords } from './0001-base-records';
import { sql as syncAndAuth } from './0002-sync-and-auth';
import { sql as audit } from './0003-audit';
import { sql as customFields } from './0004-custom-fields';
import { sql as notifications } from './0005-notifications';
import { sql as dataTransfer } from './0006-data-transfer';
import { sql as conflictResolution } from './0007-conflict-resolution';
import { sql as syncReadyDocuments, run as convertDocuments } from './0008-sync-ready-documents';
import { sql as recordMerges } from './0013-record-merges';
import { sql as sharedKinds, run as documentSharedKinds } from './0014-shared-kinds';
import { sql as dashboards } from './0012-dashboards';
import { sql as analytics } from './0010-analytics';
import { sql as emailCampaigns } from './0011-email-campaigns';
import { sql as syncedDefinitions, run as documentSyncedDefinitions } from './0015-synced-definitions';
import { sql as dashboardPlacements, run as documentDashboardPlacements } from './0024-dashboard-placements';
import { sql as dashboardReadIndexes } from './0025-dashboard-read-indexes';
import { sql as listPreferences } from './0021-list-preferences';
import { sql as scopedDocuments } from './0018-scoped-documents';
import { sql as searchPrefixIndex } from './0026-search-prefix-index';
import { sql as epochStaging } from './0027-epoch-staging';
import { sql as searchIndexOptimize } from './0028-search-index-optimize';

/** Append only. Synced tables only grow: tests/main/db/schema-snapshot.test.ts enforces it. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'base-records', sql: baseRecords },
  { version: 2, name: 'sync-and-auth', sql: syncAndAuth },
  { version: 3, name: 'audit', sql: audit },
  { version: 4, name: 'custom-fields', sql: customFields },
  { version: 5, name: 'notifications', sql: notifications },
  { version: 6, name: 'data-transfer', sql: dataTransfer },
  { version: 7, name: 'conflict-resolution', sql: conflictResolution },
  { version: 8, name: 'sync-ready-documents', sql: syncReadyDocuments, run: convertDocuments },
  { version: 13, name: 'record-merges', sql: recordMerges },
  { version: 14, name: 'shared-kinds', sql: sharedKinds, run: documentSharedKinds },
  { version: 12, name: 'dashboards', sql: dashboards },
  { version: 10, name: 'analytics', sql: analytics },
  { version: 11, name: 'email-campaigns', sql: emailCampaigns },
  { version: 15, name: 'synced-definitions', sql: syncedDefinitions, run: documentSyncedDefinitions },
  { version: 24, name: 'dashboard-placements', sql: dashboardPlacements, run: documentDashboardPlacements },
  { version: 25, name: 'dashboard-read-indexes', sql: dashboardReadIndexes },
  { version: 21, name: 'list-preferences', sql: listPreferences },
  { version: 18, name: 'scoped-documents', sql: scopedDocuments },
  { version: 26, name: 'search-prefix-index', sql: searchPrefixIndex },
  { version: 27, name: 'epoch-staging', sql: epochStaging },
  { version: 28, name: 'search-index-optimize', sql: searchIndexOptimize },
];
