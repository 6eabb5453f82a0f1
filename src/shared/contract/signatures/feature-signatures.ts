import type { CohortAnswer, ForecastAnswer, FunnelAnswer, MetricDefinition, MetricsAnswer } from '../analytics-types';
import type {
  Dashboard,
  ListColumnsView,
  Page,
  Results,
  SourceInfo,
  TeamCompaction,
  TeamInvite,
  TeamMember,
  TokenPair,
  Widget,
  WidgetData,
} from '../api-types';
import type { AudienceCount, CampaignStats, EmailCampaign, EmailSettings, EmailTemplate } from '../campaign-types';
import type { Placement } from '../dashboard-operations';
import type { SyncStatusView } from '../realtime-messages';
import { op, type Query } from './signature';

type Body = Record<string, unknown>;

export const CAMPAIGN_SIGNATURES = {
  'email_templates.list': op('GET /api/v1/email-templates/').as<{ query: Query; response: Page<EmailTemplate> }>(),
  'email_templates.create': op('POST /api/v1/email-templates/').as<{ body: Body; response: EmailTemplate }>(),
  'email_templates.variables': op('GET /api/v1/email-templates/variables/').as<{ response: { variables: string[] } }>(),
  'email_templates.retrieve': op('GET /api/v1/email-templates/{id}/').as<{ response: EmailTemplate }>(),
  'email_templates.update': op('PUT /api/v1/email-templates/{id}/').as<{ body: Body; response: EmailTemplate }>(),
  'email_templates.destroy': op('DELETE /api/v1/email-templates/{id}/').as(),
  'email_templates.preview': op('POST /api/v1/email-templates/{id}/preview/').as<{
    body: { model: string; object_id: string };
    response: { subject: string; body_html: string };
  }>(),
  'email_campaigns.list': op('GET /api/v1/email-campaigns/').as<{ query: Query; response: Page<EmailCampaign> }>(),
  'email_campaigns.create': op('POST /api/v1/email-campaigns/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.audience': op('POST /api/v1/email-campaigns/audience/').as<{ body: { segment_filter: unknown }; response: AudienceCount }>(),
  'email_campaigns.retrieve': op('GET /api/v1/email-campaigns/{id}/').as<{ response: EmailCampaign }>(),
  'email_campaigns.update': op('PUT /api/v1/email-campaigns/{id}/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.destroy': op('DELETE /api/v1/email-campaigns/{id}/').as(),
  'email_campaigns.send': op('POST /api/v1/email-campaigns/{id}/send/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.schedule': op('POST /api/v1/email-campaigns/{id}/schedule/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.pause': op('POST /api/v1/email-campaigns/{id}/pause/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.resume': op('POST /api/v1/email-campaigns/{id}/resume/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.cancel': op('POST /api/v1/email-campaigns/{id}/cancel/').as<{ body: Body; response: EmailCampaign }>(),
  'email_campaigns.test': op('POST /api/v1/email-campaigns/{id}/test/').as<{ body: Body; response: { to: string } }>(),
  'email_campaigns.stats': op('GET /api/v1/email-campaigns/{id}/stats/').as<{ response: CampaignStats }>(),
  'email_settings.retrieve': op('GET /api/v1/email-settings/').as<{ response: EmailSettings }>(),
  'email_settings.update': op('PUT /api/v1/email-settings/').as<{ body: Body; response: EmailSettings }>(),
  'email_settings.test': op('POST /api/v1/email-settings/test/').as<{ body: Body; response: { to: string } }>(),
};

export const SYNC_SIGNATURES = {
  'sync.status': op('GET /api/v1/sync/status/').as<{ response: SyncStatusView }>(),
  'sync.create_team': op('POST /api/v1/sync/team/').as<{
    body: { relay_url: string; team_name: string; email: string; password: string };
    response: SyncStatusView;
  }>(),
  'sync.invite': op('POST /api/v1/sync/invites/').as<{ body: { email: string; role: string }; response: TeamInvite }>(),
  'sync.join': op('POST /api/v1/sync/join/').as<{
    body: { relay_url: string; invite_code: string; email: string; password: string };
    response: TokenPair;
  }>(),
  'sync.members': op('GET /api/v1/sync/members/').as<{ response: Results<TeamMember> }>(),
  'sync.remove_member': op('DELETE /api/v1/sync/members/{id}/').as(),
  'sync.relay': op('GET /api/v1/sync/relay/').as<{ response: unknown }>(),
  'sync.set_relay': op('PUT /api/v1/sync/relay/').as<{ body: { relay_urls: string[] }; response: unknown }>(),
  'sync.compaction': op('GET /api/v1/sync/compaction/').as<{ response: TeamCompaction }>(),
  'sync.compact': op('POST /api/v1/sync/compaction/').as<{ response: TeamCompaction }>(),
  'sync.disconnect': op('POST /api/v1/sync/disconnect/').as<{ response: SyncStatusView }>(),
  'sync.wipe': op('POST /api/v1/sync/wipe/').as<{ body: { confirm: string }; response: { wiped: object; status: SyncStatusView } }>(),
};

export const DASHBOARD_SIGNATURES = {
  'widgets.data_sources': op('GET /api/v1/widgets/data-sources/').as<{ response: Results<SourceInfo> }>(),
  'widgets.preview': op('POST /api/v1/widgets/preview/').as<{ body: Partial<Widget>; response: WidgetData }>(),
  'widgets.list': op('GET /api/v1/widgets/').as<{ query: Query; response: Page<Widget> }>(),
  'widgets.create': op('POST /api/v1/widgets/').as<{ body: Partial<Widget>; response: Widget }>(),
  'widgets.retrieve': op('GET /api/v1/widgets/{id}/').as<{ response: Widget }>(),
  'widgets.update': op('PUT /api/v1/widgets/{id}/').as<{ body: Partial<Widget>; response: Widget }>(),
  'widgets.destroy': op('DELETE /api/v1/widgets/{id}/').as(),
  'widgets.data': op('GET /api/v1/widgets/{id}/data/').as<{ response: WidgetData }>(),
  'dashboards.list': op('GET /api/v1/dashboards/').as<{ query: Query; response: Page<Dashboard> }>(),
  'dashboards.create': op('POST /api/v1/dashboards/').as<{ body: Body; response: Dashboard }>(),
  'dashboards.default': op('GET /api/v1/dashboards/default/').as<{ response: Dashboard }>(),
  'dashboards.retrieve': op('GET /api/v1/dashboards/{id}/').as<{ response: Dashboard }>(),
  'dashboards.update': op('PUT /api/v1/dashboards/{id}/').as<{ body: Body & { layout?: Placement[] }; response: Dashboard }>(),
  'dashboards.destroy': op('DELETE /api/v1/dashboards/{id}/').as(),
  'dashboards.set_default': op('POST /api/v1/dashboards/{id}/set_default/').as<{ response: Dashboard }>(),
  'dashboards.add_widget': op('POST /api/v1/dashboards/{id}/add_widget/').as<{ body: Partial<Placement> & { widget_id: string }; response: Dashboard }>(),
  'dashboards.remove_widget': op('DELETE /api/v1/dashboards/{id}/remove_widget/').as<{ body: { widget_id: string }; response: Dashboard }>(),
};

type AnalyticsQuery = Query & { start_date?: string; end_date?: string; owner?: string };

export const ANALYTICS_SIGNATURES = {
  'analytics.forecast': op('GET /api/v1/analytics/forecast/').as<{ query: AnalyticsQuery; response: ForecastAnswer }>(),
  'analytics.funnel': op('GET /api/v1/analytics/funnel/').as<{ query: AnalyticsQuery; response: FunnelAnswer }>(),
  'analytics.cohort': op('GET /api/v1/analytics/cohort/').as<{ query: AnalyticsQuery; response: CohortAnswer }>(),
  'analytics.metrics': op('GET /api/v1/analytics/metrics/').as<{ query: AnalyticsQuery; response: MetricsAnswer }>(),
  'metric_definitions.list': op('GET /api/v1/analytics/metric-definitions/').as<{ query: Query; response: Page<MetricDefinition> }>(),
  'metric_definitions.create': op('POST /api/v1/analytics/metric-definitions/').as<{ body: Body; response: MetricDefinition }>(),
  'metric_definitions.retrieve': op('GET /api/v1/analytics/metric-definitions/{id}/').as<{ response: MetricDefinition }>(),
  'metric_definitions.update': op('PATCH /api/v1/analytics/metric-definitions/{id}/').as<{ body: Body; response: MetricDefinition }>(),
  'metric_definitions.destroy': op('DELETE /api/v1/analytics/metric-definitions/{id}/').as(),
  'preferences.list_columns': op('GET /api/v1/preferences/list-columns/{entity}/').as<{ response: ListColumnsView }>(),
  'preferences.set_list_columns': op('PUT /api/v1/preferences/list-columns/{entity}/').as<{
    body: { columns: string[] | null; widths?: Record<string, number> };
    response: ListColumnsView;
  }>(),
};
