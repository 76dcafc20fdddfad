// Grants one principal a list of built-in roles on one storage account.
param storageAccountName string

@description('Object (principal) id of the managed identity.')
param principalId string

@description('Built-in role definition GUIDs.')
param roleDefinitionIds string[]

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleDefinitionId in roleDefinitionIds: {
    name: guid(account.id, principalId, roleDefinitionId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
