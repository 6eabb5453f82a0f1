export { TimelineEngine, ITEM_TYPES, TIMELINE_ENTITIES, type TimelineItem, type TimelinePage } from './timeline-engine';
export { timelineHandlers } from './timeline-handlers';
