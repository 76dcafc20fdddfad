// What an operator watches: a workbook over Docket's metrics and requests, alert rules for what needs a person,
// and a standard availability test of /api/health. Metric names are those of meter "Docket" (README, "Operating
// it"); the Azure Monitor exporter writes them to the customMetrics table with their tags in customDimensions.
param appInsightsName string
param location string
param tags object = {}

@description('The function app\'s host name, for the availability test.')
param functionAppHostName string

@description('Action group that alerts notify; empty: alerts fire without notifying anyone.')
param actionGroupId string = ''

@description('Alert when more than this percentage of requests answer 5xx over 15 minutes.')
param serverErrorPercent int = 5

@description('Alert when more than this percentage of requests answer 503 over 15 minutes.')
param unavailablePercent int = 10

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var actions = empty(actionGroupId) ? [] : [actionGroupId]

// Each tile: a title, a KQL query over Application Insights, and how to draw it.
var tiles = [
  {
    title: 'Queue and poison queue depth'
    visualization: 'timechart'
    query: 'customMetrics | where name in ("docket.queue.depth", "docket.queue.poison_depth") | extend queue = tostring(customDimensions.queue) | summarize depth = max(value) by bin(timestamp, 5m), series = strcat(name, " ", queue)'
  }
  {
    title: 'Stuck stage moves by project'
    visualization: 'timechart'
    query: 'customMetrics | where name == "docket.moves.stuck" | summarize stuck = max(value) by bin(timestamp, 5m), project = tostring(customDimensions.project)'
  }
  {
    title: 'next: p50 and p95 (ms)'
    visualization: 'timechart'
    query: 'requests | where name in ("NextTask", "NextTaskOfKind") | summarize p50 = percentile(duration, 50), p95 = percentile(duration, 95) by bin(timestamp, 5m)'
  }
  {
    title: 'Claim conflicts'
    visualization: 'timechart'
    query: 'customMetrics | where name in ("docket.storage.conflicts", "docket.claims") | extend kind = iff(name == "docket.claims", strcat("claims ", tostring(customDimensions.outcome)), strcat("conflicts ", tostring(customDimensions.operation))) | summarize count = sum(valueSum) by bin(timestamp, 5m), kind'
  }
  {
    title: '5xx and 503 rate (%)'
    visualization: 'timechart'
    query: 'requests | summarize total = count(), serverErrors = countif(toint(resultCode) >= 500), unavailable = countif(resultCode == "503") by bin(timestamp, 5m) | project timestamp, rate5xx = 100.0 * serverErrors / total, rate503 = 100.0 * unavailable / total'
  }
  {
    title: 'Webhook deliveries and lag'
    visualization: 'timechart'
    query: 'customMetrics | where name in ("docket.webhook.deliveries", "docket.webhook.disabled") | extend series = strcat(name, " ", tostring(customDimensions.outcome)) | summarize count = sum(valueSum) by bin(timestamp, 5m), series'
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(appInsights.id, 'docket-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Docket operations'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: concat([
        {
          type: 1
          content: {
            json: '## Docket operations\nQueues, stuck moves, next latency, claim conflicts, errors and webhooks.'
          }
        }
      ], map(tiles, tile => {
        type: 3
        content: {
          version: 'KqlItem/1.0'
          title: tile.title
          query: tile.query
          size: 0
          timeContext: {
            durationMs: 86400000
          }
          queryType: 0
          resourceType: 'microsoft.insights/components'
          visualization: tile.visualization
        }
      }))
      fallbackResourceIds: [
        appInsights.id
      ]
    })
  }
}

// Log alerts: each fires when its query returns a row whose value passes the threshold.
var alerts = [
  {
    name: 'poison-messages'
    description: 'A Docket poison queue has held messages for 10 minutes: inspect with docket ops poison list.'
    severity: 2
    window: 'PT10M'
    query: 'customMetrics | where name == "docket.queue.poison_depth" | summarize value = min(value) by queue = tostring(customDimensions.queue)'
    threshold: 0
  }
  {
    name: 'stuck-moves'
    description: 'Stage moves are stuck: list them with docket moves list PROJECT --stuck, then retry or cancel.'
    severity: 2
    window: 'PT10M'
    query: 'customMetrics | where name == "docket.moves.stuck" | summarize value = max(value) by project = tostring(customDimensions.project)'
    threshold: 0
  }
  {
    name: 'server-errors'
    description: 'More than ${serverErrorPercent}% of requests answered 5xx in 15 minutes.'
    severity: 1
    window: 'PT15M'
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total > 0 | project value = 100.0 * failed / total'
    threshold: serverErrorPercent
  }
  {
    name: 'unavailable'
    description: 'More than ${unavailablePercent}% of requests answered 503 (storage unavailable or busy) in 15 minutes.'
    severity: 2
    window: 'PT15M'
    query: 'requests | summarize total = count(), unavailable = countif(resultCode == "503") | where total > 0 | project value = 100.0 * unavailable / total'
    threshold: unavailablePercent
  }
  {
    name: 'webhook-disabled'
    description: 'A webhook was switched off after a day of failed deliveries: see docket webhooks show.'
    severity: 3
    window: 'PT15M'
    query: 'customMetrics | where name == "docket.webhook.disabled" | summarize value = sum(valueSum) by project = tostring(customDimensions.project)'
    threshold: 0
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in alerts: {
  name: 'docket-${alert.name}-${uniqueString(appInsights.id)}'
  location: location
  tags: tags
  properties: {
    displayName: 'Docket: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'value'
          operator: 'GreaterThan'
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actions
    }
  }
}]

// A standard test of /api/health from five regions every 5 minutes; the alert fires when two regions fail.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'docket-health-${uniqueString(appInsights.id)}'
  location: location
  // The hidden link ties the test to its Application Insights resource.
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'docket-health-${uniqueString(appInsights.id)}'
    Name: 'Docket /api/health'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'us-va-ash-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'apac-sg-sin-azr' }
      { Id: 'us-ca-sjc-azr' }
      { Id: 'emea-gb-db3-azr' }
    ]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'docket-health-failing-${uniqueString(appInsights.id)}'
  location: 'global'
  tags: tags
  properties: {
    description: '/api/health failed from at least two regions.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      appInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: appInsights.id
      failedLocationCount: 2
    }
    actions: [for id in actions: {
      actionGroupId: id
    }]
  }
}

output workbookId string = workbook.id
output healthTestId string = healthTest.id
