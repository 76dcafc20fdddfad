// Log Analytics workspace + workspace-based Application Insights. The app's identity may publish telemetry with
// Entra ID (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
param workspaceName string
param appInsightsName string
param location string
param tags object = {}

@description('Principal that sends telemetry with Entra ID authentication.')
param publisherPrincipalId string

@description('Built-in role "Monitoring Metrics Publisher".')
param monitoringMetricsPublisherRoleId string

@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Host and worker both send with Entra ID (the worker's Azure Monitor exporter uses the managed identity).
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, publisherPrincipalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output connectionString string = appInsights.properties.ConnectionString
output name string = appInsights.name
