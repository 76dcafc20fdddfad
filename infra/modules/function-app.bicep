// The Flex Consumption plan and the Functions app (.NET 10 isolated worker). Every setting the app reads is
// written here by exactly the name in Docket.Functions.Configuration.DocketSettings (":" written "__"); a test
// compares the two. FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not allowed on Flex
// Consumption: functionAppConfig.runtime replaces them.
param name string
param planName string
param location string
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (selects it among the app\'s identities).')
param identityClientId string

param instanceMemoryMB int
param maximumInstanceCount int

@description('Blob container URL the deployment package is uploaded to.')
param deploymentContainerUrl string

@description('Host storage (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('Service endpoints of Docket\'s data account.')
param dataTableServiceUri string
param dataQueueServiceUri string
param dataBlobServiceUri string

param appInsightsConnectionString string

param bootstrapAdminEmail string

@description('Key Vault secret URI of the bootstrap admin key.')
param bootstrapAdminKeySecretUri string

@description('Key Vault secret URI of the cursor signing key.')
param cursorSigningKeySecretUri string

@description('Key Vault secret URI of the cursor signing key before a rotation; empty when not rotating.')
param cursorSigningKeyPreviousSecretUri string = ''

param trustEasyAuthHeader bool

@description('The Entra ID tenant whose principals may sign in through App Service Authentication.')
param easyAuthTenantId string
param rebalanceSchedule string
param sweepSchedule string
param webhookDispatchSchedule string
param eventPruneSchedule string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  // azd deploys the service "api" of azure.yaml to the app carrying this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the default would be a system identity).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // Host storage, identity-based. Flex Consumption reads these three.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: hostStorageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // Docket's data (Docket:Storage), identity-based: read by Docket's StorageAccount and by the queue and
        // blob triggers whose Connection is "Docket:Storage".
        {
          name: 'Docket__Storage__tableServiceUri'
          value: dataTableServiceUri
        }
        {
          name: 'Docket__Storage__queueServiceUri'
          value: dataQueueServiceUri
        }
        {
          name: 'Docket__Storage__blobServiceUri'
          value: dataBlobServiceUri
        }
        {
          name: 'Docket__Storage__credential'
          value: 'managedidentity'
        }
        {
          name: 'Docket__Storage__clientId'
          value: identityClientId
        }
        {
          name: 'Docket__BootstrapAdminEmail'
          value: bootstrapAdminEmail
        }
        {
          name: 'Docket__BootstrapAdminKey'
          value: '@Microsoft.KeyVault(SecretUri=${bootstrapAdminKeySecretUri})'
        }
        {
          name: 'Docket__CursorSigningKey'
          value: '@Microsoft.KeyVault(SecretUri=${cursorSigningKeySecretUri})'
        }
        // Set only during a rotation (empty is no key): cursors signed with the previous key stay valid.
        {
          name: 'Docket__CursorSigningKeyPrevious'
          value: empty(cursorSigningKeyPreviousSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${cursorSigningKeyPreviousSecretUri})'
        }
        {
          name: 'Docket__Auth__TrustEasyAuthHeader'
          value: string(trustEasyAuthHeader)
        }
        {
          name: 'Docket__Auth__TenantId'
          value: easyAuthTenantId
        }
        {
          name: 'Docket__RebalanceSchedule'
          value: rebalanceSchedule
        }
        {
          name: 'Docket__SweepSchedule'
          value: sweepSchedule
        }
        {
          name: 'Docket__Webhooks__DispatchSchedule'
          value: webhookDispatchSchedule
        }
        {
          name: 'Docket__Events__PruneSchedule'
          value: eventPruneSchedule
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        // The host sends telemetry with Entra ID as the user-assigned identity.
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth publishing: deployments authenticate with Entra ID (az login).
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
