location         = "westeurope"
cluster_location = "northeurope"
