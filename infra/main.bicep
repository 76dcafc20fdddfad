// Docket on Azure Functions Flex Consumption: the app, its host storage, Docket's data storage, one user-assigned
// identity with data-plane roles, monitoring and a Key Vault for the bootstrap admin key. Plain resources only
// (no registry modules). Every app setting is identity-based: no connection strings, no account keys.
targetScope = 'resourceGroup'

@description('Region of every resource. Flex Consumption is offered in a subset of regions: check `az functionapp list-flexconsumption-locations`.')
param location string = resourceGroup().location

@description('Short name that prefixes resource names; with the resource group it also seeds their unique suffix.')
@minLength(2)
@maxLength(12)
param baseName string = 'docket'

@description('Email of the bootstrap administrator (Docket:BootstrapAdminEmail).')
param bootstrapAdminEmail string

@description('Key of the bootstrap administrator. Stored only as a Key Vault secret; the app setting references it.')
@secure()
@minLength(32)
param bootstrapAdminKey string

@description('Key that signs Data Page and queue cursors (Docket:CursorSigningKey), shared by every instance. Stored only as a Key Vault secret.')
@secure()
@minLength(32)
param cursorSigningKey string

@description('The cursor signing key before a rotation (Docket:CursorSigningKeyPrevious): its cursors stay valid. Empty when not rotating.')
@secure()
param cursorSigningKeyPrevious string = ''

@description('Trust the App Service Authentication (Easy Auth) header X-MS-CLIENT-PRINCIPAL. Only with Easy Auth enabled on the app.')
param trustEasyAuthHeader bool = false

@description('The Entra ID tenant whose principals may sign in through App Service Authentication (Docket:Auth:TenantId); others are refused.')
param easyAuthTenantId string = subscription().tenantId

@description('NCRONTAB (6 fields) schedule of the rebalancing pass.')
param rebalanceSchedule string = '0 */5 * * * *'

@description('NCRONTAB (6 fields) schedule of the sweeps that re-send stage moves left pending by a crash and ask again for the chunks of stale uploads.')
param sweepSchedule string = '0 * * * * *'

@description('NCRONTAB (6 fields) schedule of the webhook dispatch pass: how soon after a change its webhooks are called.')
param webhookDispatchSchedule string = '*/2 * * * * *'

@description('NCRONTAB (6 fields) schedule of the pruning of events and webhook deliveries past their retention.')
param eventPruneSchedule string = '0 7 * * * *'

@description('Memory of each instance; Flex Consumption sizes CPU with it.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Scale-out ceiling. Docket is bound by Table Storage partitions, so more instances mostly add ETag contention.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Subscribe the ItemsDropBlob function to BlobCreated events of the items-drops container. Flex Consumption only has Event Grid based blob triggers, and the subscription needs the deployed function: deploy once, publish the code, then deploy again with true.')
param enableItemsDropEvents bool = false

@description('Action group the alert rules notify (resource id); empty: the alerts fire without notifying anyone.')
param actionGroupId string = ''

@description('Tags applied to every resource.')
param tags object = {
  app: 'docket'
}

var token = uniqueString(resourceGroup().id, baseName)
var functionAppName = 'func-${baseName}-${token}'
var deploymentContainerName = 'app-package'

// Built-in role definitions (the same GUID in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}-${token}'
  location: location
  tags: tags
}

// The Functions host's own storage (AzureWebJobsStorage: leases, timers, blob receipts) and the deployment package.
module hostStorage 'modules/storage-account.bicep' = {
  name: 'host-storage'
  params: {
    name: 'sthost${token}'
    location: location
    tags: tags
    containers: [
      deploymentContainerName
    ]
    queues: []
  }
}

// Docket's data. Tables are created by the app on first use; queues carry their "-poison" twins (maxDequeueCount
// in host.json moves a message there) and the items containers hold uploaded and processed items files.
module dataStorage 'modules/storage-account.bicep' = {
  name: 'data-storage'
  params: {
    name: 'stdata${token}'
    location: location
    tags: tags
    containers: [
      'items-drops'
      'items-results'
      'uploads'
    ]
    queues: [
      'stage-moves'
      'stage-moves-poison'
      'items-drops'
      'items-drops-poison'
      'upload-chunks'
      'upload-chunks-poison'
      'reindex'
      'reindex-poison'
    ]
  }
}

module hostStorageRoles 'modules/storage-role-assignments.bicep' = {
  name: 'host-storage-roles'
  params: {
    storageAccountName: hostStorage.outputs.name
    principalId: identity.properties.principalId
    roleDefinitionIds: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
      roles.storageAccountContributor
    ]
  }
}

module dataStorageRoles 'modules/storage-role-assignments.bicep' = {
  name: 'data-storage-roles'
  params: {
    storageAccountName: dataStorage.outputs.name
    principalId: identity.properties.principalId
    roleDefinitionIds: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${token}'
    appInsightsName: 'appi-${baseName}-${token}'
    location: location
    tags: tags
    publisherPrincipalId: identity.properties.principalId
    monitoringMetricsPublisherRoleId: roles.monitoringMetricsPublisher
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: 'kv-${take(baseName, 6)}-${token}'
    location: location
    tags: tags
    bootstrapAdminKey: bootstrapAdminKey
    cursorSigningKey: cursorSigningKey
    cursorSigningKeyPrevious: cursorSigningKeyPrevious
    readerPrincipalId: identity.properties.principalId
    readerRoleDefinitionId: roles.keyVaultSecretsUser
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}-${token}'
    location: location
    tags: tags
    identityId: identity.id
    identityClientId: identity.properties.clientId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    deploymentContainerUrl: '${hostStorage.outputs.blobEndpoint}${deploymentContainerName}'
    hostStorageAccountName: hostStorage.outputs.name
    dataTableServiceUri: dataStorage.outputs.tableEndpoint
    dataQueueServiceUri: dataStorage.outputs.queueEndpoint
    dataBlobServiceUri: dataStorage.outputs.blobEndpoint
    appInsightsConnectionString: monitoring.outputs.connectionString
    bootstrapAdminEmail: bootstrapAdminEmail
    bootstrapAdminKeySecretUri: keyVault.outputs.bootstrapAdminKeySecretUri
    cursorSigningKeySecretUri: keyVault.outputs.cursorSigningKeySecretUri
    cursorSigningKeyPreviousSecretUri: keyVault.outputs.cursorSigningKeyPreviousSecretUri
    trustEasyAuthHeader: trustEasyAuthHeader
    easyAuthTenantId: easyAuthTenantId
    rebalanceSchedule: rebalanceSchedule
    sweepSchedule: sweepSchedule
    webhookDispatchSchedule: webhookDispatchSchedule
    eventPruneSchedule: eventPruneSchedule
  }
  // The app must not start before its identity may read storage and the vault: the first start would fail.
  dependsOn: [
    hostStorageRoles
    dataStorageRoles
  ]
}

// Blob triggers on Flex Consumption are Event Grid based (the function's BlobTrigger needs
// Source = BlobTriggerSource.EventGrid). The subscription's webhook carries the blobs_extension system key,
// which exists only once the published app has started, hence the opt-in second deployment.
module itemsDropEvents 'modules/items-drop-events.bicep' = if (enableItemsDropEvents) {
  name: 'items-drop-events'
  params: {
    location: location
    tags: tags
    storageAccountName: dataStorage.outputs.name
    functionAppName: functionApp.outputs.name
    containerName: 'items-drops'
    functionName: 'ItemsDropBlob'
  }
}

// The workbook, the alert rules and the availability test of /api/health.
module operations 'modules/operations.bicep' = {
  name: 'operations'
  params: {
    appInsightsName: monitoring.outputs.name
    location: location
    tags: tags
    functionAppHostName: functionApp.outputs.defaultHostName
    actionGroupId: actionGroupId
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName
output dataStorageAccountName string = dataStorage.outputs.name
output keyVaultName string = keyVault.outputs.name
