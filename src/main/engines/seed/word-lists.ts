/** Small vocabularies the generator combines; enough variety for search and lists to look real. */

export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie',
  'Ronald', 'Rebecca', 'Edward', 'Sharon', 'Jason', 'Laura', 'Jeffrey', 'Cynthia', 'Ryan', 'Kathleen',
  'Jacob', 'Amy', 'Gary', 'Angela', 'Nicholas', 'Shirley', 'Eric', 'Anna', 'Jonathan', 'Brenda',
  'Stephen', 'Pamela', 'Larry', 'Emma', 'Justin', 'Nicole', 'Scott', 'Helen', 'Brandon', 'Samantha',
  'Ada', 'Grace', 'Alan', 'Margit', 'Lukas', 'Sofia', 'Mateo', 'Chloe', 'Hiroshi', 'Yuki',
  'Priya', 'Arjun', 'Fatima', 'Omar', 'Elena', 'Ivan', 'Ingrid', 'Lars', 'Amara', 'Kwame',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Lovelace', 'Hopper', 'Turing', 'Schmidt', 'Muller', 'Schneider', 'Fischer', 'Weber', 'Rossi', 'Russo',
  'Tanaka', 'Suzuki', 'Patel', 'Sharma', 'Kowalski', 'Novak', 'Larsen', 'Johansson', 'Okafor', 'Mensah',
] as const;

export const COMPANY_PREFIXES = [
  'North', 'South', 'East', 'West', 'Blue', 'Red', 'Green', 'Silver', 'Golden', 'Bright',
  'Summit', 'Pioneer', 'Atlas', 'Apex', 'Vertex', 'Nova', 'Stellar', 'Quantum', 'Harbor', 'River',
  'Maple', 'Cedar', 'Oak', 'Pine', 'Granite', 'Iron', 'Copper', 'Crystal', 'Falcon', 'Eagle',
  'Lighthouse', 'Beacon', 'Meridian', 'Horizon', 'Keystone', 'Cornerstone', 'Evergreen', 'Redwood', 'Sterling', 'Crescent',
  'Alpine', 'Coastal', 'Prairie', 'Urban', 'Metro', 'Global', 'United', 'Premier', 'Liberty', 'Heritage',
] as const;

export const COMPANY_CORES = [
  'Logistics', 'Systems', 'Analytics', 'Foods', 'Energy', 'Health', 'Software', 'Robotics', 'Media', 'Partners',
  'Labs', 'Networks', 'Dynamics', 'Solutions', 'Manufacturing', 'Pharma', 'Retail', 'Capital', 'Consulting', 'Design',
  'Freight', 'Motors', 'Textiles', 'Security', 'Cloud', 'Data', 'Biotech', 'Instruments', 'Foundry', 'Outfitters',
  'Brewing', 'Farms', 'Construction', 'Aerospace', 'Marine', 'Telecom', 'Insurance', 'Learning', 'Travel', 'Studios',
] as const;

export const COMPANY_SUFFIXES = ['Inc', 'LLC', 'Ltd', 'GmbH', 'Group', 'Co', 'Corp', 'AG', 'SA', 'Holdings', 'BV', 'PLC'] as const;

export const INDUSTRIES = [
  'Technology', 'Manufacturing', 'Healthcare', 'Finance', 'Retail', 'Logistics', 'Education', 'Energy',
  'Media', 'Hospitality', 'Real Estate', 'Construction', 'Agriculture', 'Telecommunications', 'Consulting', 'Government',
] as const;

/** City, state or region, country. */
export const PLACES = [
  ['San Francisco', 'CA', 'United States'], ['New York', 'NY', 'United States'], ['Austin', 'TX', 'United States'],
  ['Chicago', 'IL', 'United States'], ['Seattle', 'WA', 'United States'], ['Boston', 'MA', 'United States'],
  ['Denver', 'CO', 'United States'], ['Atlanta', 'GA', 'United States'], ['Toronto', 'ON', 'Canada'],
  ['Vancouver', 'BC', 'Canada'], ['London', 'England', 'United Kingdom'], ['Manchester', 'England', 'United Kingdom'],
  ['Berlin', 'Berlin', 'Germany'], ['Munich', 'Bavaria', 'Germany'], ['Hamburg', 'Hamburg', 'Germany'],
  ['Paris', 'Ile-de-France', 'France'], ['Lyon', 'Auvergne-Rhone-Alpes', 'France'], ['Amsterdam', 'North Holland', 'Netherlands'],
  ['Madrid', 'Madrid', 'Spain'], ['Barcelona', 'Catalonia', 'Spain'], ['Milan', 'Lombardy', 'Italy'],
  ['Stockholm', 'Stockholm', 'Sweden'], ['Copenhagen', 'Capital Region', 'Denmark'], ['Zurich', 'Zurich', 'Switzerland'],
  ['Vienna', 'Vienna', 'Austria'], ['Warsaw', 'Masovia', 'Poland'], ['Dublin', 'Leinster', 'Ireland'],
  ['Sydney', 'NSW', 'Australia'], ['Melbourne', 'VIC', 'Australia'], ['Tokyo', 'Tokyo', 'Japan'],
  ['Singapore', 'Singapore', 'Singapore'], ['Bangalore', 'Karnataka', 'India'], ['Sao Paulo', 'SP', 'Brazil'],
  ['Mexico City', 'CDMX', 'Mexico'], ['Lagos', 'Lagos', 'Nigeria'], ['Cape Town', 'Western Cape', 'South Africa'],
] as const;

export const STREETS = ['Main St', 'Market St', 'Oak Ave', 'Park Rd', 'High St', 'Harbour Way', 'Station Rd', 'Elm St', 'Mill Lane', 'King St'] as const;

export const JOB_TITLES = [
  'CEO', 'CTO', 'CFO', 'COO', 'VP Sales', 'VP Marketing', 'VP Engineering', 'Head of Procurement',
  'Sales Manager', 'Account Executive', 'Marketing Manager', 'Product Manager', 'Operations Manager',
  'IT Director', 'Engineering Manager', 'Purchasing Agent', 'Office Manager', 'Finance Director',
  'Business Analyst', 'Customer Success Manager', 'Founder', 'Managing Director', 'Consultant', 'Buyer',
] as const;

export const DEPARTMENTS = ['Sales', 'Marketing', 'Engineering', 'Finance', 'Operations', 'IT', 'Procurement', 'Executive', 'Support'] as const;

export const TAGS = ['enterprise', 'vip', 'smb', 'partner', 'renewal', 'upsell', 'churn-risk', 'newsletter', 'trade-show', 'referral'] as const;

export const PRODUCTS = [
  'Platform licence', 'Annual subscription', 'Implementation', 'Support plan', 'Data migration', 'Training package',
  'Analytics add-on', 'Enterprise rollout', 'Pilot', 'Expansion seats', 'Integration project', 'Renewal',
] as const;

export const LEAD_SOURCES_WEIGHTED = [
  ['website', 30], ['referral', 15], ['social_media', 12], ['email_campaign', 12],
  ['cold_call', 8], ['trade_show', 10], ['advertisement', 8], ['other', 5],
] as const;

export const ACTIVITY_SUBJECTS: Record<string, readonly string[]> = {
  call: ['Discovery call', 'Follow-up call', 'Pricing call', 'Check-in call', 'Call about renewal', 'Intro call'],
  email: ['Sent proposal', 'Sent pricing sheet', 'Follow-up email', 'Meeting recap', 'Sent case study', 'Contract questions'],
  meeting: ['Product demo', 'Quarterly review', 'On-site visit', 'Kick-off meeting', 'Negotiation meeting', 'Workshop'],
  note: ['Budget confirmed', 'Decision maker identified', 'Competitor in the deal', 'Waiting on legal', 'Asked for references'],
  sms: ['Quick reminder', 'Confirmed meeting time', 'Sent dial-in'],
  other: ['Conference chat', 'LinkedIn message', 'Webinar attended'],
};

export const NOTE_SENTENCES = [
  'Interested in the analytics add-on.', 'Budget review next quarter.', 'Wants a discount for a two-year term.',
  'Currently using a competitor; contract ends soon.', 'Needs SSO and audit logs.', 'Champion is the head of operations.',
  'Asked for a security questionnaire.', 'Prefers email over calls.', 'Evaluating three vendors.',
  'Legal review in progress.', 'Expanding to a second site.', 'Very happy with onboarding so far.',
  'Requested a follow-up demo for the finance team.', 'Procurement needs a purchase order first.',
  'Timeline slipped by a month.', 'Will introduce us to their CFO.',
] as const;

export const TASK_TITLES: Record<string, readonly string[]> = {
  call: ['Call back', 'Schedule a call with', 'Check in with'],
  email: ['Email pricing to', 'Send case study to', 'Reply to'],
  meeting: ['Book a meeting with', 'Prepare meeting with'],
  follow_up: ['Follow up with', 'Chase signature from', 'Nudge'],
  proposal: ['Draft proposal for', 'Revise proposal for'],
  demo: ['Run demo for', 'Prepare demo for'],
  other: ['Update notes for', 'Research'],
};
