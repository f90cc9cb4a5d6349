using './main.bicep'

param location = 'westeurope'
param clusterLocation = 'northeurope'
